/**
 * Which days a getappinfo answer may hold, checked before any work is done on it: at most
 * `RESULT_WINDOW_DAYS` elements, each `Date` inside the window that ends at the API's current
 * Beijing day, each date once. getappinfo documents the last 30 days
 * (https://www.tencentcloud.com/document/product/1047/41939); an answer outside that is not data
 * (a day in 2099 would become "the day" of the digest, 0001-01-01 to 9999-12-31 would be 3.65 M
 * missing days), and refusing it fails that app alone.
 */
import { addDays, dayIn } from '../core/dates.js';

/** The days getappinfo documents: the last 30. */
export const DOCUMENTED_DAYS = 30;

/**
 * The days an answer may span: the documented 30, the Beijing day in progress (should the API
 * ever send it) and one more for a clock that is a little off around Beijing midnight.
 */
export const RESULT_WINDOW_DAYS = DOCUMENTED_DAYS + 2;

/** The API's days are Beijing days, whatever time zone the run dates its snapshots in. */
const API_TIME_ZONE = 'Asia/Shanghai';

/** How far this machine's clock may be behind Tencent's: one hour. */
const CLOCK_MARGIN_MS = 3_600_000;

/** The first and last day (`YYYY-MM-DD`) an answer given at `now` may hold. */
export interface DayWindow {
  readonly first: string;
  readonly last: string;
}

/**
 * The window of an answer given at `now`: it ends at the API's current Beijing day (read with an
 * hour of margin for a clock behind Tencent's) and spans `RESULT_WINDOW_DAYS` days.
 */
export function resultWindow(now: Date): DayWindow {
  const last = dayIn(new Date(now.getTime() + CLOCK_MARGIN_MS), API_TIME_ZONE);
  return { first: addDays(last, 1 - RESULT_WINDOW_DAYS), last };
}

/** What is wrong with one element's day, or undefined when it may be in the answer. */
export function dayProblem(
  statDate: string,
  window: DayWindow,
  seenAt: number | undefined,
): string | undefined {
  if (seenAt !== undefined) return `repeats the day of Result[${seenAt}]`;
  if (statDate > window.last) {
    return `is after ${window.last}, the API's current day (Beijing time)`;
  }
  if (statDate < window.first) {
    return `is before ${window.first}, older than the ${RESULT_WINDOW_DAYS} days getappinfo answers for (${DOCUMENTED_DAYS} documented)`;
  }
  return undefined;
}
