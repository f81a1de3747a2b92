/**
 * Snapshots as the report reads them, and their merge by the Athena view's rule: for each (app,
 * stat_date) the row of the newest snapshot (`newestRows`, the merge the month layer is made with).
 */
import type { DatedRow, OpsdataRow } from '../../core/opsdata-schema.js';
import { newestRows } from '../../months/newest-rows.js';

/** The rows of one snapshot object and its run date. */
export interface SnapshotRows {
  /** The partition's run date, `YYYY-MM-DD`. */
  readonly dt: string;
  /** Where the rows came from, for messages. */
  readonly location: string;
  readonly rows: readonly OpsdataRow[];
}

/** A snapshot's rows, each with the snapshot's run date (a month object's lines). */
export function datedRows({ dt, rows }: SnapshotRows): DatedRow[] {
  return rows.map((row) => ({ ...row, dt }));
}

/** One row per (app_id, stat_date), each from the newest snapshot; sorted by app, then day. */
export function latestRows(snapshots: readonly SnapshotRows[]): DatedRow[] {
  return newestRows(...snapshots.map(datedRows));
}
