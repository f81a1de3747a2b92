/**
 * Reads the history there is under a prefix: the month objects (≈ 12 reads per app and year),
 * and the snapshots only where they may hold a version of a day that the month objects lack —
 * before the month layer was built (a stack upgraded without `compact`), a month write that
 * failed. Both merge by the view's rule, so the result is the same whichever was read.
 */
import { dayNumber } from '../../core/dates.js';
import { ConfigError } from '../../core/errors.js';
import { inParallel } from '../../core/in-parallel.js';
import type { DatedRow } from '../../core/opsdata-schema.js';
import { parseSnapshotNdjson } from '../../core/row-reader.js';
import { monthKeyParts, monthLayerPrefix } from '../../core/snapshot-layout.js';
import { parseMonthObject } from '../../months/month-object.js';
import { NewestRows } from '../../months/newest-rows.js';
import { datedRows } from './merge-rows.js';
import { type SnapshotSource, snapshotDt } from './snapshot-source.js';

/** What was read: every app's days, and where they came from. */
export interface LoadedHistory {
  /** Per (app, stat_date) the newest row there is, sorted by app, then day. */
  readonly rows: readonly DatedRow[];
  /** Snapshot objects under `<prefix>/`: the runs the history comes from, read or not. */
  readonly snapshots: number;
  /** How many objects were read of each kind. */
  readonly read: { readonly months: number; readonly snapshots: number };
  /** Keys under `<prefix>/` that do not have the snapshot layout (not read). */
  readonly ignored: readonly string[];
  /** The newest run date: what the digest's `data_late` rule needs. */
  readonly newestDt: string;
}

/** How many objects are read at once. */
const CONCURRENCY = 16;

/** The days one snapshot holds: getappinfo answers with the 30 days before the run date. */
const SNAPSHOT_DAYS = 30;

interface SnapshotKey {
  readonly key: string;
  readonly dt: string;
  /** The object's name without `.json`: the SDKAppID for every snapshot the pipeline writes. */
  readonly app: string;
}

/** Per app, the `dt` of the month layer's line of each day (by `dayNumber`). */
type Layer = ReadonlyMap<string, ReadonlyMap<number, string>>;

/**
 * Whether a snapshot may hold a version of a day that the month layer does not: some day of its
 * window has no line there, or one from an older snapshot.
 */
function mayAddToLayer(snapshot: SnapshotKey, layer: Layer): boolean {
  const days = layer.get(snapshot.app);
  if (days === undefined) return true;
  // Day numbers, not dates: this runs 30 times for every snapshot of every app.
  const runDay = dayNumber(snapshot.dt);
  for (let day = runDay - SNAPSHOT_DAYS; day < runDay; day++) {
    if ((days.get(day) ?? '') < snapshot.dt) return true;
  }
  return false;
}

/**
 * Reads the month objects under `days/<prefix>/month=` and the snapshots under `<prefix>/` that
 * may add to them (`raw/` and the run's bookkeeping are never read).
 * @throws ConfigError when there is neither (a wrong folder, bucket or prefix);
 *   SnapshotReadError or SnapshotFormatError for an object that cannot be read or parsed.
 */
export async function loadHistory(source: SnapshotSource, prefix: string): Promise<LoadedHistory> {
  const [underPrefix, underMonths] = await Promise.all([
    source.list(`${prefix}/`),
    source.list(`${monthLayerPrefix(prefix)}/month=`),
  ]);
  const snapshots: SnapshotKey[] = [];
  const ignored: string[] = [];
  for (const key of underPrefix) {
    const dt = snapshotDt(prefix, key);
    if (dt === undefined) ignored.push(key);
    else snapshots.push({ key, dt, app: key.slice(key.lastIndexOf('/') + 1, -'.json'.length) });
  }
  const months = underMonths.flatMap((key) => {
    const parts = monthKeyParts(prefix, key);
    return parts ? [{ key, ...parts }] : [];
  });
  if (snapshots.length === 0 && months.length === 0) {
    throw new ConfigError(
      `no snapshots under ${source.describe(prefix)} (expected ${prefix}/dt=YYYY-MM-DD/<sdkAppId>.json) — check the folder or bucket and --prefix`,
    );
  }

  const newest = new NewestRows();
  const monthRows = await inParallel(months, CONCURRENCY, async (m) =>
    parseMonthObject(await source.read(m.key), source.locate(m.key), m),
  );
  const layer = new Map<string, Map<number, string>>();
  for (const rows of monthRows) {
    newest.add(rows);
    for (const row of rows) {
      const app = String(row.app_id);
      const days = layer.get(app) ?? new Map<number, string>();
      days.set(dayNumber(row.stat_date), row.dt);
      layer.set(app, days);
    }
  }
  const wanted = snapshots.filter((s) => mayAddToLayer(s, layer));
  // Merged as they arrive (rows of different snapshots never tie), so only the merge is kept.
  await inParallel(wanted, CONCURRENCY, async ({ key, dt }) => {
    const location = source.locate(key);
    const rows = parseSnapshotNdjson(await source.read(key), location);
    newest.add(datedRows({ dt, location, rows }));
  });

  const rows = newest.rows();
  const dts = snapshots.length > 0 ? snapshots.map((s) => s.dt) : rows.map((r) => r.dt);
  return {
    rows,
    snapshots: snapshots.length,
    read: { months: months.length, snapshots: wanted.length },
    ignored,
    newestDt: dts.sort().at(-1) ?? '',
  };
}
