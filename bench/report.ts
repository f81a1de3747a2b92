/**
 * `npm run bench` (report part): how long the HTML report takes for 50 apps × 365 days — the pure
 * render from merged rows, and the whole path from a folder of snapshots — and the peak memory.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays } from '../functions/core/dates.js';
import { parseSnapshotNdjson } from '../functions/core/row-reader.js';
import { digestOf } from '../functions/digest/digest.js';
import { appHistories } from '../functions/report/app-history.js';
import { buildReport, digestWindow } from '../functions/report/build-report.js';
import { dirSource } from '../functions/report/read/dir-source.js';
import { latestRows } from '../functions/report/read/merge-rows.js';
import { renderReport } from '../functions/report/render/render-report.js';
import {
  fixtureApp,
  fixtureNdjson,
  writeFixtureSnapshots,
} from '../tools/harness/report-fixture.js';

const APPS = 50;
const DAYS = 365;
const NEWEST_DT = '2026-11-28';
const apps = Array.from({ length: APPS }, (_, i) => fixtureApp(1500000000 + i, `App ${i + 1}`));
// Runs 30 days apart: each snapshot holds 30 days, so 13 of them cover 390 days.
const dts = Array.from({ length: Math.ceil(DAYS / 30) + 1 }, (_, i) => addDays(NEWEST_DT, -30 * i));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

console.log(
  `report: ${APPS} apps × ${DAYS} days (${APPS * dts.length} snapshot files, ${dts.length} runs)`,
);

// Parse rate of the NDJSON reader, the part that grows with the number of snapshots.
const sample = fixtureNdjson(apps[0] ?? fixtureApp(1, 'x'), NEWEST_DT);
let started = performance.now();
let lines = 0;
for (let i = 0; i < 2_000; i++) lines += parseSnapshotNdjson(sample, 'bench').length;
let ms = performance.now() - started;
console.log(
  `NDJSON → rows (exact bigints)              ${Math.round((lines / ms) * 1000)
    .toLocaleString('en-US')
    .padStart(12)} rows/s`,
);

// The pure render: merged rows in, one HTML string out (charts, digest, tables).
const snapshots = dts.flatMap((dt) =>
  apps.map((app) => ({ dt, location: dt, rows: parseSnapshotNdjson(fixtureNdjson(app, dt), dt) })),
);
const rssBefore = process.memoryUsage().rss;
started = performance.now();
const histories = appHistories(latestRows(snapshots), { days: DAYS });
const html = renderReport({
  apps: histories.map((history) => ({
    history,
    digest: digestOf(digestWindow(history.allRows), { runDate: NEWEST_DT }),
  })),
  source: 'bench',
  snapshotCount: snapshots.length,
  newestDt: NEWEST_DT,
  days: DAYS,
  generatedAt: new Date().toISOString(),
  ignored: [],
});
ms = performance.now() - started;
const charts = html.match(/<figure class="chart"/g)?.length ?? 0;
console.log(
  `merge + digest + render (${charts} charts)      ${ms.toFixed(0).padStart(8)} ms, page ${(html.length / 2 ** 20).toFixed(1)} MiB, rss ${mib(rssBefore)} before, ${mib(process.memoryUsage().rss)} after`,
);

// The whole path from a folder, as `npm run report -- --days 365` runs it.
const dir = await mkdtemp(join(tmpdir(), 'opsdata-report-bench-'));
try {
  await writeFixtureSnapshots(
    dir,
    dts.map((dt) => ({ dt, apps })),
  );
  started = performance.now();
  const report = await buildReport({
    source: dirSource(dir),
    prefix: 'getappinfo',
    days: DAYS,
    now: new Date(),
  });
  ms = performance.now() - started;
  console.log(
    `read folder + merge + render               ${ms.toFixed(0).padStart(8)} ms for ${report.snapshots} files; peak RSS of this process ${mib(process.resourceUsage().maxRSS * 1024)}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
