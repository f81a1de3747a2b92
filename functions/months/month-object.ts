/**
 * One app's month object, `days/<prefix>/month=YYYY-MM/<sdkAppId>.json`: one NDJSON line per
 * `stat_date` of that month, the newest snapshot's row plus its `dt`, sorted by `stat_date`.
 * Pure: what the object holds, what a merge makes of it, and whether a body read back is one.
 */
import { monthOf } from '../core/dates.js';
import { SnapshotFormatError } from '../core/errors.js';
import { toDatedNdjson } from '../core/opsdata-rows.js';
import type { DatedRow } from '../core/opsdata-schema.js';
import { parseDatedNdjson } from '../core/row-reader.js';
import { newestRows } from './newest-rows.js';

/**
 * The largest month object read back: 31 lines of ~1 KB (the simulator's demo app), with room for
 * many unknown fields in `extra`. Anything bigger is not what the pipeline writes.
 */
export const MAX_MONTH_OBJECT_BYTES = 1024 * 1024;

/** What a month object's key says it holds. */
export interface MonthOf {
  /** The SDKAppID, as in the key. */
  readonly sdkAppId: number | bigint | string;
  /** `YYYY-MM`. */
  readonly month: string;
}

/** One app's rows grouped by the month of their `stat_date`, months in order. */
export function byMonth(rows: readonly DatedRow[]): Map<string, DatedRow[]> {
  const months = new Map<string, DatedRow[]>();
  for (const row of rows) {
    const month = monthOf(row.stat_date);
    const list = months.get(month);
    if (list === undefined) months.set(month, [row]);
    else list.push(row);
  }
  return new Map([...months].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The body of a month object holding `current` (its lines) merged with `incoming`: per day the
 * newest row (`newestRows`; on a tie the current line stays), sorted by `stat_date`.
 */
export function mergedMonthBody(
  current: readonly DatedRow[],
  incoming: readonly DatedRow[],
): string {
  return toDatedNdjson(newestRows(current, incoming));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a month object back, checking that it is one: at most `MAX_MONTH_OBJECT_BYTES`, valid
 * UTF-8, every line a row of app `expected.sdkAppId` on a day of `expected.month`, one line per day.
 * @throws SnapshotFormatError naming `location` and what is wrong.
 */
export function parseMonthObject(
  body: Uint8Array | string,
  location: string,
  expected: MonthOf,
): DatedRow[] {
  const size = Buffer.byteLength(body);
  if (size > MAX_MONTH_OBJECT_BYTES) {
    throw new SnapshotFormatError(
      `${location} is ${size} bytes, more than a month object can be (${MAX_MONTH_OBJECT_BYTES})`,
      { location },
    );
  }
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch (cause) {
    throw new SnapshotFormatError(`${location} is not UTF-8 text`, { location, cause });
  }
  const rows = parseDatedNdjson(text, location);
  const appId = BigInt(expected.sdkAppId);
  const days = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const problem =
      row.app_id !== appId
        ? `app_id ${row.app_id} in the object of app ${appId}`
        : monthOf(row.stat_date) !== expected.month
          ? `stat_date ${row.stat_date} in the object of month ${expected.month}`
          : days.has(row.stat_date)
            ? `stat_date ${row.stat_date} a second time`
            : undefined;
    if (problem !== undefined) {
      // Rows are numbered as they come; blank lines are rare enough not to track here.
      throw new SnapshotFormatError(`${location}, row ${i + 1}: ${problem}`, { location });
    }
    days.add(row.stat_date);
  }
  return rows;
}
