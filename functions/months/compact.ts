/**
 * `compact`: rebuilds the month layer from every snapshot there is, with the run's own merge and
 * conditional writes — per app, every snapshot's rows merged (`NewestRows`), then each month merged
 * into its object. Running it twice changes nothing; while a run writes beside it, neither loses a
 * day; an object that is not a month object is replaced by what the snapshots hold.
 */
import { ConfigError } from '../core/errors.js';
import { inParallel } from '../core/in-parallel.js';
import type { DatedRow } from '../core/opsdata-schema.js';
import { parseSnapshotNdjson } from '../core/row-reader.js';
import { monthLayerPrefix } from '../core/snapshot-layout.js';
import { datedRows } from '../report/read/merge-rows.js';
import { type SnapshotSource, snapshotDt } from '../report/read/snapshot-source.js';
import type { SnapshotStore } from '../run/snapshot-store.js';
import { byMonth } from './month-object.js';
import { type MonthWrite, mergeIntoMonth } from './month-writer.js';
import { NewestRows } from './newest-rows.js';

export interface CompactInput {
  /** Where the snapshots are read (listed, then read by key). */
  readonly source: SnapshotSource;
  /** Where the month objects are merged (the same folder or bucket). */
  readonly store: SnapshotStore;
  readonly prefix: string;
  /** Objects read at once. */
  readonly concurrency: number;
  /** Called after each app, and once before the first. */
  readonly onProgress?: (progress: CompactProgress) => void;
}

/** How far compact is. */
export interface CompactProgress {
  readonly apps: number;
  readonly appsDone: number;
  readonly snapshots: number;
  readonly snapshotsRead: number;
  readonly monthsWritten: number;
}

/** What compact did. */
export interface CompactResult extends CompactProgress {
  /** Per outcome, how many month objects (`unchanged`: already held every snapshot's rows). */
  readonly months: Readonly<Record<MonthWrite['outcome'], number>>;
  /** Keys under `<prefix>/` that are not snapshots (not read). */
  readonly ignored: readonly string[];
  /** Where the month objects are, for the summary. */
  readonly layer: string;
}

/** An app's snapshot keys, by the object name (the SDKAppID). */
function snapshotsByApp(prefix: string, keys: readonly string[]) {
  const apps = new Map<string, { key: string; dt: string }[]>();
  const ignored: string[] = [];
  for (const key of keys) {
    const dt = snapshotDt(prefix, key);
    if (dt === undefined) {
      ignored.push(key);
      continue;
    }
    const app = key.slice(key.lastIndexOf('/') + 1);
    const list = apps.get(app) ?? [];
    list.push({ key, dt });
    apps.set(app, list);
  }
  return { apps: [...apps.values()], ignored };
}

/**
 * Rebuilds every app's month objects from its snapshots, one app at a time (memory holds one
 * app's history, whatever the number of apps and years).
 * @throws ConfigError when there is no snapshot; SnapshotReadError / SnapshotFormatError for a
 *   snapshot that cannot be read or parsed; StoreError for a month object that cannot be written.
 */
export async function compactMonths(input: CompactInput): Promise<CompactResult> {
  const { source, store, prefix } = input;
  const { apps, ignored } = snapshotsByApp(prefix, await source.list(`${prefix}/`));
  if (apps.length === 0) {
    throw new ConfigError(
      `no snapshots under ${source.describe(prefix)} (expected ${prefix}/dt=YYYY-MM-DD/<sdkAppId>.json) — check the folder or bucket and --prefix`,
    );
  }
  const months: Record<MonthWrite['outcome'], number> = {
    created: 0,
    updated: 0,
    unchanged: 0,
    replaced: 0,
  };
  const progress = {
    apps: apps.length,
    appsDone: 0,
    snapshots: apps.reduce((n, app) => n + app.length, 0),
    snapshotsRead: 0,
    monthsWritten: 0,
  };
  input.onProgress?.({ ...progress });
  for (const snapshots of apps) {
    const newest = new NewestRows();
    await inParallel(snapshots, input.concurrency, async ({ key, dt }) => {
      const location = source.locate(key);
      const rows = parseSnapshotNdjson(await source.read(key), location);
      newest.add(datedRows({ dt, location, rows }));
      progress.snapshotsRead++;
    });
    // Rows carry their app; an object named for one app holds that app's rows only.
    const byApp = new Map<bigint, DatedRow[]>();
    for (const row of newest.rows()) {
      const list = byApp.get(row.app_id);
      if (list === undefined) byApp.set(row.app_id, [row]);
      else list.push(row);
    }
    for (const [appId, rows] of byApp) {
      const writes = await inParallel([...byMonth(rows)], input.concurrency, ([month, monthRows]) =>
        mergeIntoMonth(appId, month, monthRows, {
          store,
          prefix,
          // No run deadline: compact takes as long as the history; each call has the client's.
          deadline: Number.POSITIVE_INFINITY,
          unreadable: 'replace',
        }),
      );
      for (const write of writes) {
        months[write.outcome]++;
        if (write.outcome !== 'unchanged') progress.monthsWritten++;
      }
    }
    progress.appsDone++;
    input.onProgress?.({ ...progress });
  }
  return { ...progress, months, ignored, layer: store.locate(`${monthLayerPrefix(prefix)}/`) };
}
