/**
 * `npm run bench` (month layer part): a year of daily runs for 20 apps, before the month layer
 * (every snapshot) and after it (one object per app and month). Prints the files and bytes the
 * view reads, the saved queries' time in DuckDB, the report's load time from a folder and from
 * the local S3, the month merge's cost per app per run, and the scan of each saved query at
 * 400 apps × 10 years against the workgroup's cap.
 * Usage: npx tsx bench/months.ts [apps] [days]
 */

import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { s3Store } from '../functions/aws/s3-store.js';
import { addDays, dayRange } from '../functions/core/dates.js';
import { inParallel } from '../functions/core/in-parallel.js';
import { parseSnapshotNdjson } from '../functions/core/row-reader.js';
import { dirStore } from '../functions/local/dir-store.js';
import { compactMonths } from '../functions/months/compact.js';
import { writeMonths } from '../functions/months/month-writer.js';
import { dirSource } from '../functions/report/read/dir-source.js';
import { loadHistory } from '../functions/report/read/load-history.js';
import { s3Source } from '../functions/report/read/s3-source.js';
import type { SnapshotStore } from '../functions/run/snapshot-store.js';
import { LATEST_DAY_WINDOW_DAYS } from '../infra/athena-sql.js';
import { DEFAULT_SCAN_CUTOFF_BYTES } from '../infra/constructs/analytics.js';
import { createAthenaTables, deployedAnalytics } from '../tools/harness/duckdb-athena.js';
import { fixtureApp, fixtureNdjson } from '../tools/harness/report-fixture.js';
import { startS3 } from '../tools/harness/s3-server.js';

const APPS = Number(process.argv[2] ?? 20);
const DAYS = Number(process.argv[3] ?? 365);
const NEWEST = '2026-11-28';
const apps = Array.from({ length: APPS }, (_, i) => fixtureApp(1500000000 + i, `App ${i + 1}`));
const dts = dayRange(addDays(NEWEST, 1 - DAYS), NEWEST);
const MB = 1e6;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const pad = (text: string, n = 52) => text.padEnd(n);

/** Files and bytes under `root`. */
async function sizeOf(root: string): Promise<{ files: number; bytes: number }> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  let bytes = 0;
  let files = 0;
  for (const e of entries.filter((x) => x.isFile())) {
    files++;
    bytes += (await stat(join(e.parentPath, e.name))).size;
  }
  return { files, bytes };
}

/** The store, counting its calls. */
function counting(store: SnapshotStore) {
  const calls = { get: 0, put: 0 };
  return {
    calls,
    store: {
      ...store,
      get: (key: string) => {
        calls.get++;
        return store.get(key);
      },
      put: (...args: Parameters<SnapshotStore['put']>) => {
        calls.put++;
        return store.put(...args);
      },
    } satisfies SnapshotStore,
  };
}

const dir = await mkdtemp(join(tmpdir(), 'opsdata-months-bench-'));
const s3 = await startS3({ buckets: ['before', 'after'] });
try {
  console.log(
    `month layer: ${APPS} apps × ${DAYS} daily runs (${APPS * DAYS} snapshot files), node ${process.version}`,
  );

  // The snapshots, as a year of daily runs leaves them (the pipeline's own parsing and NDJSON).
  const folder = dirStore(dir);
  const bodies = new Map<string, string>();
  await inParallel(
    dts.flatMap((dt) => apps.map((app) => ({ dt, app }))),
    16,
    async ({ dt, app }) => {
      const key = `getappinfo/dt=${dt}/${app.sdkAppId}.json`;
      const body = fixtureNdjson(app, dt);
      bodies.set(key, body);
      await folder.put(key, body, 'application/x-ndjson');
    },
  );

  // Before: the report from the folder and from the local S3, every snapshot read.
  let started = performance.now();
  const before = await loadHistory(dirSource(dir), 'getappinfo');
  const folderBefore = performance.now() - started;
  const beforeS3 = s3Store(s3.client(), 'before');
  await inParallel([...bodies], 32, ([key, body]) =>
    beforeS3.put(key, body, 'application/x-ndjson'),
  );
  started = performance.now();
  const s3Loaded = await loadHistory(s3Source(s3.client(), 'before'), 'getappinfo');
  const s3Before = performance.now() - started;

  // The month layer as the daily runs build it, one run after the other: the merge's own cost.
  const merged = counting(folder);
  const cpu = process.cpuUsage();
  started = performance.now();
  for (const dt of dts) {
    for (const app of apps) {
      const key = `getappinfo/dt=${dt}/${app.sdkAppId}.json`;
      const rows = parseSnapshotNdjson(bodies.get(key) ?? '', key).map((r) => ({ ...r, dt }));
      await writeMonths(app.sdkAppId, rows, {
        store: merged.store,
        prefix: 'getappinfo',
        deadline: Number.POSITIVE_INFINITY,
      });
    }
  }
  const mergeMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const merges = dts.length * apps.length;
  const monthObjects = await sizeOf(join(dir, 'days'));
  const daily = new Map<string, string>();
  for (const e of await readdir(join(dir, 'days'), { recursive: true, withFileTypes: true })) {
    if (e.isFile())
      daily.set(join(e.parentPath, e.name), await readFile(join(e.parentPath, e.name), 'utf8'));
  }

  // The same merge against the local S3, over HTTP, for the last 30 runs.
  const overHttp = counting(s3Store(s3.client(), 'after'));
  const lastRuns = dts.slice(-30);
  started = performance.now();
  for (const dt of lastRuns) {
    await inParallel(apps, 8, async (app) => {
      const key = `getappinfo/dt=${dt}/${app.sdkAppId}.json`;
      const rows = parseSnapshotNdjson(bodies.get(key) ?? '', key).map((r) => ({ ...r, dt }));
      await writeMonths(app.sdkAppId, rows, {
        store: overHttp.store,
        prefix: 'getappinfo',
        deadline: Number.POSITIVE_INFINITY,
      });
    });
  }
  const httpMs = performance.now() - started;
  const httpMerges = lastRuns.length * apps.length;

  // compact over the same snapshots rebuilds exactly what the runs left.
  started = performance.now();
  const compacted = await compactMonths({
    source: dirSource(dir),
    store: dirStore(dir),
    prefix: 'getappinfo',
    concurrency: 32,
  });
  const compactMs = performance.now() - started;
  let differing = 0;
  for (const [path, text] of daily) if ((await readFile(path, 'utf8')) !== text) differing++;

  const snapshots = await sizeOf(join(dir, 'getappinfo'));
  const days = before.rows.length;
  console.log(
    `${pad('the view reads, before: every snapshot')}${String(snapshots.files).padStart(6)} files ${mb(snapshots.bytes).padStart(9)}  (${(snapshots.bytes / (snapshots.files * 30)).toFixed(0)} B per row, each app-day ~28 times)`,
  );
  console.log(
    `${pad('the view reads, after: the month objects')}${String(monthObjects.files).padStart(6)} files ${mb(monthObjects.bytes).padStart(9)}  (${(monthObjects.bytes / days).toFixed(0)} B per app-day; ${(snapshots.bytes / monthObjects.bytes).toFixed(1)}× fewer bytes)`,
  );
  console.log(
    `${pad('month merge per app per run (folder)')}${((used.user + used.system) / 1000 / merges).toFixed(2)} ms CPU, ${(mergeMs / merges).toFixed(2)} ms, ${(merged.calls.get / merges).toFixed(2)} GET + ${(merged.calls.put / merges).toFixed(2)} PUT`,
  );
  console.log(
    `${pad('month merge per app per run (local S3, 8 at once)')}${(httpMs / httpMerges).toFixed(2)} ms wall, ${(overHttp.calls.get / httpMerges).toFixed(2)} GET + ${(overHttp.calls.put / httpMerges).toFixed(2)} PUT`,
  );
  console.log(
    `${pad('compact over the folder')}${(compactMs / 1000).toFixed(1)} s for ${compacted.snapshots} snapshots; ${compacted.months.unchanged} of ${monthObjects.files} objects unchanged, ${differing} differ from the runs'`,
  );

  // After: the report reads the month objects.
  started = performance.now();
  const after = await loadHistory(dirSource(dir), 'getappinfo');
  const folderAfter = performance.now() - started;
  const afterS3 = s3Store(s3.client(), 'after');
  await inParallel([...bodies], 32, ([key, body]) => afterS3.put(key, body, 'x'));
  await inParallel([...daily], 32, ([path, text]) =>
    afterS3.put(
      path
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
      text,
      'application/x-ndjson',
    ),
  );
  started = performance.now();
  const s3After = await loadHistory(s3Source(s3.client(), 'after'), 'getappinfo');
  const s3AfterMs = performance.now() - started;
  // Of which: listing the snapshot keys (the report needs their dates), which s3rver does slowly.
  started = performance.now();
  const listed = await s3Source(s3.client(), 'after').list('getappinfo/');
  const listMs = performance.now() - started;
  const same =
    JSON.stringify(after.rows, (_, v) => (typeof v === 'bigint' ? String(v) : v)) ===
    JSON.stringify(before.rows, (_, v) => (typeof v === 'bigint' ? String(v) : v));
  console.log(
    `${pad('report load, folder: before → after')}${(folderBefore / 1000).toFixed(2)} s → ${(folderAfter / 1000).toFixed(2)} s  (${before.read.snapshots} → ${after.read.months} month objects + ${after.read.snapshots} snapshots read; same rows: ${same})`,
  );
  console.log(
    `${pad('report load, local S3: before → after')}${(s3Before / 1000).toFixed(2)} s → ${(s3AfterMs / 1000).toFixed(2)} s  (${s3Loaded.read.snapshots} → ${s3After.read.months + s3After.read.snapshots} GetObjects; listing the ${listed.length} snapshot keys alone ${(listMs / 1000).toFixed(2)} s)`,
  );

  // DuckDB: every saved query as deployed, over the month layer, and over the snapshots.
  const deployed = deployedAnalytics();
  const instance = await DuckDBInstance.create();
  const db = await instance.connect();
  await createAthenaTables(db, dir, deployed, {
    today: addDays(NEWEST, 1),
    schemaOverSnapshots: 'before',
  });
  const timed = async (schema: string, sql: string) => {
    await db.run(`SET schema = '${schema}'`);
    const t0 = performance.now();
    await db.runAndReadAll(sql);
    const ms = performance.now() - t0;
    const plan = (await db.runAndReadAll(`EXPLAIN ANALYZE ${sql}`))
      .getRows()
      .map((r) => String(r[1]));
    const files = [...plan.join('\n').matchAll(/Total Files Read:[\s│]*(\d+)/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    return { ms, files };
  };
  const queries = [
    { name: 'SELECT count(*) FROM getappinfo_daily', sql: 'SELECT count(*) FROM getappinfo_daily' },
    ...deployed.namedQueries.map((q) => ({ name: q.Name, sql: q.QueryString })),
  ];
  for (const q of queries) {
    const b = await timed('before', q.sql);
    const a = await timed('main', q.sql);
    console.log(
      `${pad(`DuckDB: ${q.name}`)}${b.ms.toFixed(0).padStart(6)} ms, ${String(b.files).padStart(5)} files → ${a.ms.toFixed(0).padStart(4)} ms, ${String(a.files).padStart(3)} files  (${(b.ms / a.ms).toFixed(0)}×)`,
    );
  }
  await db.run(`SET schema = 'main'`);
  db.closeSync();
  instance.closeSync();

  // 400 apps × 10 years: what each saved query scans in Athena, from the sizes measured above.
  const perAppDay = monthObjects.bytes / days;
  const perSnapshotRow = snapshots.bytes / (snapshots.files * 30);
  const appDays = 400 * 3653;
  const layer = appDays * perAppDay;
  // Latest day per app: two reads of at most two months (31 days back) of every app.
  const latest = 2 * 400 * 62 * perAppDay;
  const snapshotTable = appDays * 30 * perSnapshotRow;
  console.log(`400 apps × 10 years (3,653 days), cap ${gib(DEFAULT_SCAN_CUTOFF_BYTES)}:`);
  for (const [name, bytes] of [
    ['one pass over the month layer (4 saved queries)', layer],
    ['Week-over-week change (two passes)', 2 * layer],
    [`Latest day per app (two passes, months from ${LATEST_DAY_WINDOW_DAYS} days back)`, latest],
    ['the view over the snapshots, one pass (before)', snapshotTable],
  ] as const) {
    console.log(
      `  ${pad(name, 72)}${gib(bytes).padStart(10)}  ${bytes <= DEFAULT_SCAN_CUTOFF_BYTES ? 'fits' : 'over the cap'}`,
    );
  }
} finally {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
}
