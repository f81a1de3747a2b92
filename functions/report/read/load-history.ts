/** Reads every snapshot object under a prefix, in parallel, into rows tagged with their run date. */
import { ConfigError } from '../../core/errors.js';
import { parseSnapshotNdjson } from '../../core/row-reader.js';
import type { SnapshotRows } from './merge-rows.js';
import { type SnapshotSource, snapshotDt } from './snapshot-source.js';

/** What was read: the snapshots, the keys under the prefix that are not snapshots, the newest dt. */
export interface LoadedSnapshots {
  readonly snapshots: readonly SnapshotRows[];
  /** Keys under `<prefix>/` that do not have the snapshot layout (not read). */
  readonly ignored: readonly string[];
  /** The newest partition read: the last run date, what the digest's `data_late` rule needs. */
  readonly newestDt: string;
}

/** How many objects are read at once (a year of 50 apps is 18,250 GetObject calls). */
const CONCURRENCY = 16;

/**
 * Reads every `dt=` partition under `<prefix>/` (the `raw/` bodies are never under it).
 * @throws ConfigError when there is no snapshot at all (a wrong folder, bucket or prefix);
 *   SnapshotReadError or SnapshotFormatError for an object that cannot be read or parsed.
 */
export async function loadSnapshots(
  source: SnapshotSource,
  prefix: string,
): Promise<LoadedSnapshots> {
  const keys = await source.list(prefix);
  const found = keys.map((key) => ({ key, dt: snapshotDt(prefix, key) }));
  const wanted = found.filter((f): f is { key: string; dt: string } => f.dt !== undefined);
  if (wanted.length === 0) {
    throw new ConfigError(
      `no snapshots under ${source.describe(prefix)} (expected ${prefix}/dt=YYYY-MM-DD/<sdkAppId>.json) — check the folder or bucket and --prefix`,
    );
  }
  const snapshots: SnapshotRows[] = new Array(wanted.length);
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const index = next++;
      const { key, dt } = wanted[index] as { key: string; dt: string };
      const location = source.locate(key);
      try {
        snapshots[index] = {
          dt,
          location,
          rows: parseSnapshotNdjson(await source.read(key), location),
        };
      } catch (error) {
        next = wanted.length; // the other workers stop at their next object
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, wanted.length) }, worker));
  return {
    snapshots,
    ignored: found.filter((f) => f.dt === undefined).map((f) => f.key),
    newestDt:
      wanted
        .map((f) => f.dt)
        .sort()
        .at(-1) ?? '',
  };
}
