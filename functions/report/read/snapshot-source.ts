/**
 * The read-only seam to where snapshots are, for the report and `compact`: a folder with the S3
 * layout, or a bucket. It lists and reads, which the Lambda never does (it may only read its own
 * month objects, by key, through the store), so this lives beside the report, not the store.
 */
import { isCalendarDate } from '../../core/dates.js';

/** Read-only access to snapshot objects, by key. */
export interface SnapshotSource {
  /**
   * Every object key that starts with `keyPrefix`, sorted: `list('getappinfo/')` gives e.g.
   * `getappinfo/dt=2026-01-01/1400000001.json`; `list('days/getappinfo/month=')` only the month
   * objects, not the run's bookkeeping beside them.
   */
  list(keyPrefix: string): Promise<string[]>;
  /**
   * One object's text.
   * @throws SnapshotReadError naming the object.
   */
  read(key: string): Promise<string>;
  /** Where a key is, for messages (`s3://bucket/key` or a file path). */
  locate(key: string): string;
  /** Where the snapshots under `prefix` are, for the report's header. */
  describe(prefix: string): string;
}

/**
 * The run date of a typed-rows key `<prefix>/dt=YYYY-MM-DD/<name>.json`, or undefined for any
 * other key (a deeper path, another suffix, a temporary file, a `dt` that is not a date).
 */
export function snapshotDt(prefix: string, key: string): string | undefined {
  if (!key.startsWith(`${prefix}/dt=`)) return undefined;
  const m = /^dt=(\d{4}-\d{2}-\d{2})\/([^/.][^/]*)\.json$/.exec(key.slice(prefix.length + 1));
  return m?.[1] !== undefined && isCalendarDate(m[1]) ? m[1] : undefined;
}
