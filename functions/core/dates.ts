/**
 * Calendar days written `YYYY-MM-DD`, the only kind of date the pipeline handles (`stat_date`,
 * `dt`): checked, shifted, counted and named. Pure; the clock is always the caller's.
 */

/** Milliseconds in a day (a calendar day in UTC: these days carry no time zone of their own). */
export const DAY_MS = 86_400_000;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

const epochMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * Whether `text` is a real calendar day written `YYYY-MM-DD`: Date.parse takes more than that
 * (`2026-1-1`, `+012026-11-28`, days past the month's end), so the day must also write back as
 * the same ten characters.
 */
export function isCalendarDate(text: string): boolean {
  const time = epochMs(text);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/** Whether `text` is a calendar month written `YYYY-MM` (months 01–12). */
export function isCalendarMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** `2026-11`: the month of a day written `YYYY-MM-DD`. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** `2026-11-28` shifted by `days` (negative: back). */
export function addDays(day: string, days: number): string {
  return new Date(epochMs(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `2026-11-28` as whole days since 1970-01-01: a number to count with when there are many days. */
export function dayNumber(day: string): number {
  return Math.round(epochMs(day) / DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((epochMs(to) - epochMs(from)) / DAY_MS);
}

/** Every day from `first` to `last`, both included; empty when `last` is before `first`. */
export function dayRange(first: string, last: string): string[] {
  // Counted, not compared as text: the day after 9999-12-31 is "+010000-01-01", which sorts first.
  return Array.from({ length: Math.max(0, daysBetween(first, last) + 1) }, (_, i) =>
    addDays(first, i),
  );
}

/** `Fri`: the weekday of a day. */
export function weekday(day: string): string {
  // getUTCDay() is 0–6, an index WEEKDAYS always has.
  return WEEKDAYS[new Date(epochMs(day)).getUTCDay()] as (typeof WEEKDAYS)[number];
}

/** `Fri 2026-11-27`. */
export function dated(day: string): string {
  return `${weekday(day)} ${day}`;
}

/** `Fri 11-27`: a day of the current year or so, short. */
export function datedShort(day: string): string {
  return `${weekday(day)} ${day.slice(5)}`;
}

/** The calendar day of `now` in `timeZone` (an IANA name, checked by `checkTimeZone`), `YYYY-MM-DD`. */
export function dayIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = Object.fromEntries(parts.map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day}`;
}
