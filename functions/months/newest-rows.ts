/**
 * The one merge of the project, the Athena view's rule: for each (app, `stat_date`) the row of
 * the newest snapshot — newest `dt`, then newest `extracted_at`, then greatest `run_id`. The run
 * merges each app's month objects with it, `compact` rebuilds them with it, and the report reads
 * with it, so the three can never disagree.
 */
import type { DatedRow } from '../core/opsdata-schema.js';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Positive when `a` is a newer version of its day than `b`, negative when older, 0 on a tie. */
export function byRecency(a: DatedRow, b: DatedRow): number {
  return (
    compare(a.dt, b.dt) ||
    Date.parse(a.extracted_at) - Date.parse(b.extracted_at) ||
    compare(a.run_id, b.run_id)
  );
}

/** Orders rows by app, then day (what the month objects, the view's readers and the report expect). */
export function byAppAndDay(a: DatedRow, b: DatedRow): number {
  return (
    (a.app_id < b.app_id ? -1 : a.app_id > b.app_id ? 1 : 0) || compare(a.stat_date, b.stat_date)
  );
}

/**
 * The newest row of each (app, day) among the rows added so far. A row replaces the one kept only
 * when it is strictly newer, so on a full tie (the same snapshot read twice, a day the API sent
 * twice) the first one stays, and adding the same rows again changes nothing.
 */
export class NewestRows {
  readonly #best = new Map<string, DatedRow>();

  /** Takes `rows` in, in order. */
  add(rows: Iterable<DatedRow>): this {
    for (const row of rows) {
      const key = `${row.app_id}/${row.stat_date}`;
      const kept = this.#best.get(key);
      if (kept === undefined || byRecency(row, kept) > 0) this.#best.set(key, row);
    }
    return this;
  }

  /** How many (app, day) pairs are kept. */
  get size(): number {
    return this.#best.size;
  }

  /** The rows kept, sorted by app, then day. */
  rows(): DatedRow[] {
    return [...this.#best.values()].sort(byAppAndDay);
  }
}

/** The newest row of each (app, day) in `groups`, taken in order; sorted by app, then day. */
export function newestRows(...groups: readonly Iterable<DatedRow>[]): DatedRow[] {
  const newest = new NewestRows();
  for (const rows of groups) newest.add(rows);
  return newest.rows();
}
