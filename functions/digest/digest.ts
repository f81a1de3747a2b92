/**
 * The daily digest of one app: its newest day's key figures against the day before, the same
 * weekday a week earlier and the median of the week before, plus the anomalies the rules find.
 * Pure: rows in, numbers out; never NaN or Infinity (a change against 0 or a missing day is null).
 */

import { addDays, daysBetween } from '../core/dates.js';
import type { OpsdataRow } from '../core/opsdata-schema.js';
import { type Anomaly, DEFAULT_RULES, findAnomalies, type RuleSettings } from './anomaly-rules.js';

export type DigestMetricId =
  | 'active_users'
  | 'login_users'
  | 'messages_up'
  | 'messages_down'
  | 'peak_online'
  | 'new_registrations'
  | 'total_registrations'
  | 'callback_success_rate';

export interface DigestMetric {
  readonly id: DigestMetricId;
  /** For people: `Active users`. */
  readonly label: string;
  /** `percent`: 0–100. */
  readonly unit: 'count' | 'percent';
  /** On the day. */
  readonly value: number | null;
  readonly dayBefore: number | null;
  /** On the same weekday one week earlier. */
  readonly weekAgo: number | null;
  /** Median of the 7 days before the day (those present). */
  readonly median7: number | null;
  /** `value` against `weekAgo`, in percent, one decimal; null when either is missing or 0. */
  readonly changePct: number | null;
  /**
   * For a rate (`unit` percent): `value − weekAgo` in percentage points, two decimals, which is
   * how a rate's change is shown; null for a count, or when either is missing.
   */
  readonly changePoints: number | null;
}

/** The key figures of one day. */
export interface DayFigures {
  readonly day: string;
  readonly values: Readonly<Record<DigestMetricId, number | null>>;
}

export interface Digest {
  /** The newest `stat_date`; null when the snapshot has no days. */
  readonly day: string | null;
  readonly metrics: readonly DigestMetric[];
  readonly anomalies: readonly Anomaly[];
  /** The key figures of the last `RECENT_DAYS` days up to the day, oldest first (for metrics). */
  readonly recent: readonly DayFigures[];
}

/** How many days `Digest.recent` covers: CloudWatch takes data points up to 14 days old. */
export const RECENT_DAYS = 14;

export interface DigestOptions {
  /** The run date (YYYY-MM-DD in the run's time zone), for `data_late`. */
  readonly runDate: string;
  readonly rules?: RuleSettings;
}

/** A figure of one day's row; counts past 2^53 lose digits here, which a digest can afford. */
type Figure = (row: OpsdataRow) => number | null;

const num = (value: bigint | null): number | null => (value === null ? null : Number(value));

/**
 * Responses per request in percent, two decimals; never 100 while a request went unanswered
 * (99,999 of 100,000 is 99.99, not 100): near 100, the last digit is the news.
 */
const callbackRate: Figure = (row) => {
  const { callback_req: req, callback_rsp: rsp } = row;
  if (req === null || rsp === null || req === 0n) return null;
  const rate = Math.round((Number(rsp) / Number(req)) * 10_000) / 100;
  return rsp < req ? Math.min(rate, 99.99) : rate;
};

/** The key figures, in the order the digest shows them. */
export const KEY_FIGURES: readonly {
  readonly id: DigestMetricId;
  readonly label: string;
  readonly unit: 'count' | 'percent';
  readonly of: Figure;
}[] = [
  { id: 'active_users', label: 'Active users', unit: 'count', of: (r) => num(r.active_user_num) },
  { id: 'login_users', label: 'Login users', unit: 'count', of: (r) => num(r.login_user_num) },
  { id: 'messages_up', label: 'Messages up', unit: 'count', of: (r) => num(r.up_msg_num) },
  { id: 'messages_down', label: 'Messages down', unit: 'count', of: (r) => num(r.down_msg_num) },
  { id: 'peak_online', label: 'Peak online', unit: 'count', of: (r) => num(r.max_online_num) },
  {
    id: 'new_registrations',
    label: 'New registrations',
    unit: 'count',
    of: (r) => num(r.regist_user_num_one_day),
  },
  {
    id: 'total_registrations',
    label: 'Registered users',
    unit: 'count',
    of: (r) => num(r.regist_user_num_total),
  },
  { id: 'callback_success_rate', label: 'Callback success', unit: 'percent', of: callbackRate },
];

/** The median of the values present, or null when there are none. */
export function median(values: readonly (number | null)[]): number | null {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/** Change from `base` to `value` in percent, one decimal; null against 0 or a missing value. */
export function changePct(value: number | null, base: number | null): number | null {
  if (value === null || base === null || base === 0) return null;
  return Math.round(((value - base) / base) * 1000) / 10;
}

/** Change from `base` to `value` in percentage points, two decimals; null for a missing value. */
export function changePoints(value: number | null, base: number | null): number | null {
  if (value === null || base === null) return null;
  return Math.round((value - base) * 100) / 100;
}

/** How many missing days are named where they are shown or logged (all of them are counted). */
export const MISSING_DAYS_NAMED = 5;

/** The days without a row between the oldest and the newest present: how many, and the first few. */
export interface MissingDays {
  readonly count: number;
  /** The oldest `MISSING_DAYS_NAMED` of them (fewer when fewer are missing), oldest first. */
  readonly first: readonly string[];
}

/**
 * The days between the oldest and the newest present that have no row: counted, not listed, so
 * that rows a century apart cost as little as rows a day apart; only the first few are named.
 */
export function missingDays(days: readonly string[], named = MISSING_DAYS_NAMED): MissingDays {
  const present = new Set(days);
  const sorted = [...present].sort();
  const oldest = sorted[0];
  if (oldest === undefined) return { count: 0, first: [] };
  const newest = sorted.at(-1) ?? oldest;
  const count = daysBetween(oldest, newest) + 1 - present.size;
  const first: string[] = [];
  // At most present.size + named steps: every step is a present day or a named missing one.
  for (let day = oldest; first.length < Math.min(named, count); day = addDays(day, 1)) {
    if (!present.has(day)) first.push(day);
  }
  return { count, first };
}

/** The digest of one app's rows (any order; for a repeated day the last row wins). */
export function digestOf(rows: readonly OpsdataRow[], options: DigestOptions): Digest {
  const byDay = new Map(rows.map((row) => [row.stat_date, row]));
  const days = [...byDay.keys()].sort();
  const day = days.at(-1) ?? null;
  const at = (offset: number, figure: Figure): number | null => {
    const row = day === null ? undefined : byDay.get(addDays(day, offset));
    return row === undefined ? null : figure(row);
  };
  const metrics = KEY_FIGURES.map(({ id, label, unit, of }): DigestMetric => {
    const value = at(0, of);
    const weekAgo = at(-7, of);
    return {
      id,
      label,
      unit,
      value,
      dayBefore: at(-1, of),
      weekAgo,
      median7: median([-7, -6, -5, -4, -3, -2, -1].map((offset) => at(offset, of))),
      changePct: changePct(value, weekAgo),
      changePoints: unit === 'percent' ? changePoints(value, weekAgo) : null,
    };
  });
  const weekAgoDay = day === null ? options.runDate : addDays(day, -7);
  // Every id is in KEY_FIGURES, so every id has its metric.
  const metricOf = Object.fromEntries(metrics.map((m) => [m.id, m])) as Record<
    DigestMetricId,
    DigestMetric
  >;
  const pair = (id: DigestMetricId) => ({
    value: metricOf[id].value,
    weekAgo: metricOf[id].weekAgo,
    weekAgoDay,
  });
  const anomalies = findAnomalies(
    {
      day,
      runDate: options.runDate,
      missingDays: missingDays(days),
      activeUsers: pair('active_users'),
      messagesUp: pair('messages_up'),
      callbackRequests: at(0, (r) => num(r.callback_req)),
      callbackResponses: at(0, (r) => num(r.callback_rsp)),
    },
    options.rules ?? DEFAULT_RULES,
  );
  // Stryker disable next-line ConditionalExpression: equivalent (day is null only when days is empty; the check narrows the type)
  const isRecent = (d: string) => day !== null && d > addDays(day, -RECENT_DAYS);
  const recent = days.filter(isRecent).map((d) => {
    const row = byDay.get(d) as OpsdataRow;
    const values = Object.fromEntries(KEY_FIGURES.map(({ id, of }) => [id, of(row)]));
    return { day: d, values: values as Record<DigestMetricId, number | null> };
  });
  return { day, metrics, anomalies, recent };
}
