/**
 * The Athena view's rule, in memory: for each (app, stat_date) the row of the newest snapshot
 * (`dt`), then the newest `extracted_at`, then the greatest `run_id` (see `dailyViewSql`).
 */
import type { OpsdataRow } from '../../core/opsdata-schema.js';

/** The rows of one snapshot object and its run date. */
export interface SnapshotRows {
  /** The partition's run date, `YYYY-MM-DD`. */
  readonly dt: string;
  /** Where the rows came from, for messages. */
  readonly location: string;
  readonly rows: readonly OpsdataRow[];
}

interface Candidate {
  readonly dt: string;
  readonly extractedMs: number;
  readonly row: OpsdataRow;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Positive when `a` is the newer version of its day. */
function byRecency(a: Candidate, b: Candidate): number {
  return (
    compare(a.dt, b.dt) || a.extractedMs - b.extractedMs || compare(a.row.run_id, b.row.run_id)
  );
}

/** One row per (app_id, stat_date), each from the newest snapshot; sorted by app, then day. */
export function latestRows(snapshots: readonly SnapshotRows[]): OpsdataRow[] {
  const best = new Map<string, Candidate>();
  for (const { dt, rows } of snapshots) {
    for (const row of rows) {
      const key = `${row.app_id}/${row.stat_date}`;
      const candidate = { dt, extractedMs: Date.parse(row.extracted_at), row };
      const current = best.get(key);
      if (current === undefined || byRecency(candidate, current) > 0) best.set(key, candidate);
    }
  }
  return [...best.values()]
    .map((c) => c.row)
    .sort(
      (a, b) =>
        (a.app_id < b.app_id ? -1 : a.app_id > b.app_id ? 1 : 0) ||
        compare(a.stat_date, b.stat_date),
    );
}
