/** Groups merged rows by app and lays each app's days out on a calendar, gaps included. */

import { addDays, dayRange, daysBetween } from '../core/dates.js';
import type { OpsdataRow } from '../core/opsdata-schema.js';

/**
 * The most days one app's history lays out: ten years. Snapshots written before the answers'
 * days were checked, or edited by hand, may hold days centuries apart (0001-01-01 and 9999-12-31
 * are 3.65 M days: charts and a table that never finish); the older days are left out, and the
 * page and the command say so.
 */
export const MAX_SPAN_DAYS = 3_653;

/** What an app's history leaves out for spanning more than `MAX_SPAN_DAYS`. */
export interface LeftOut {
  /** The app's oldest day with data. */
  readonly oldest: string;
  /** How many of its days with data are before the days shown. */
  readonly days: number;
}

/** One app's days in the range shown, and every merged row it has (for the digest). */
export interface AppHistory {
  readonly appId: bigint;
  /** From the app's newest row that has one (an app may be renamed). */
  readonly appName: string | null;
  readonly company: string | null;
  /** Every day from the app's first to its last day with data in the range, oldest first. */
  readonly days: readonly string[];
  /** The row of each day in `days`; `null` for a day no snapshot has (a gap, not a zero). */
  readonly rows: readonly (OpsdataRow | null)[];
  /** All of the app's merged rows, oldest first, whatever the range. */
  readonly allRows: readonly OpsdataRow[];
  /** Set when the app's days span more than `MAX_SPAN_DAYS`: what is not laid out. */
  readonly leftOut?: LeftOut;
}

/** The days shown: the last `days` days up to the newest `stat_date` of any app, or everything. */
export interface ShownRange {
  readonly from: string | undefined;
  readonly to: string | undefined;
}

/** The range `--days` selects over `rows` (merged, any order). */
export function shownRange(rows: readonly OpsdataRow[], days: number | undefined): ShownRange {
  let newest: string | undefined;
  for (const row of rows)
    if (newest === undefined || row.stat_date > newest) newest = row.stat_date;
  if (newest === undefined || days === undefined) return { from: undefined, to: newest };
  return { from: addDays(newest, 1 - days), to: newest };
}

/**
 * One history per app, ordered by SDKAppID, from merged rows sorted by app and day
 * (`latestRows`). With `days`, only the last `days` days up to the newest day of any app are
 * laid out, so every app shares the same end and a stalled app shows as ending early.
 */
export function appHistories(
  merged: readonly OpsdataRow[],
  options: { readonly days?: number } = {},
): AppHistory[] {
  const range = shownRange(merged, options.days);
  const byApp = new Map<bigint, OpsdataRow[]>();
  for (const row of merged) {
    const rows = byApp.get(row.app_id) ?? [];
    rows.push(row);
    byApp.set(row.app_id, rows);
  }
  return [...byApp.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([appId, allRows]): AppHistory => {
      const wanted = allRows.filter((r) => range.from === undefined || r.stat_date >= range.from);
      const { shown, leftOut } = withinSpan(wanted);
      const first = shown[0];
      const last = shown[shown.length - 1];
      const days = first && last ? dayRange(first.stat_date, last.stat_date) : [];
      const byDay = new Map(shown.map((r) => [r.stat_date, r]));
      return {
        appId,
        appName: allRows.findLast((r) => r.app_name !== null)?.app_name ?? null,
        company: allRows.findLast((r) => r.company !== null)?.company ?? null,
        days,
        rows: days.map((day) => byDay.get(day) ?? null),
        allRows,
        ...(leftOut ? { leftOut } : {}),
      };
    });
}

/** The rows (sorted by day) of the last `MAX_SPAN_DAYS` days up to the newest, and what is left out. */
function withinSpan(rows: readonly OpsdataRow[]): {
  shown: readonly OpsdataRow[];
  leftOut?: LeftOut;
} {
  const oldest = rows[0]?.stat_date;
  const newest = rows.at(-1)?.stat_date;
  if (oldest === undefined || newest === undefined) return { shown: rows };
  if (daysBetween(oldest, newest) < MAX_SPAN_DAYS) return { shown: rows };
  const from = addDays(newest, 1 - MAX_SPAN_DAYS);
  const shown = rows.filter((r) => r.stat_date >= from);
  return { shown, leftOut: { oldest, days: rows.length - shown.length } };
}
