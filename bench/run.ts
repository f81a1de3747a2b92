/**
 * `npm run bench`: prints how fast the pure core and a full local run are, and how much memory
 * a run takes. Numbers, not pass/fail: compare them across changes on the same machine.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { toNdjson, toRow } from '../functions/core/opsdata-rows.js';
import { parseGetAppInfoBody } from '../functions/getappinfo/response.js';
import { signUserSig } from '../functions/getappinfo/usersig.js';
import { dirStore } from '../functions/local/dir-store.js';
import { takeSnapshots } from '../functions/run/snapshot-pipeline.js';
import { parseSecret } from '../functions/secret/secret.js';
import { defaultRunSettings } from '../functions/settings/settings.js';
import { simulatedResult } from '../simulator/data.js';
import { DEMO_APPS, demoSecret } from '../simulator/demo.js';
import { startSimulator } from '../simulator/server.js';

function measure(name: string, iterations: number, unit: string, fn: () => void): void {
  for (let i = 0; i < Math.min(iterations, 200); i++) fn(); // warm-up
  const started = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const ms = performance.now() - started;
  const rate = Math.round((iterations / ms) * 1000);
  console.log(
    `${name.padEnd(44)} ${rate.toLocaleString('en-US').padStart(12)} ${unit}/s  (${(ms / iterations).toFixed(4)} ms each)`,
  );
}

const app = DEMO_APPS[0] ?? {
  sdkAppId: 1,
  adminIdentifier: 'a',
  secretKey: 'k',
  appName: '',
  company: '',
};
const now = new Date();
const body = JSON.stringify({ ErrorCode: 0, ErrorInfo: 'OK', Result: simulatedResult(app, now) });
const ctx = { sdkAppId: app.sdkAppId, requestFields: undefined, extractedAt: now, runId: 'bench' };

console.log(
  `node ${process.version}, ${process.arch}; body of one app: ${body.length} bytes, 30 days`,
);
measure('signUserSig', 20_000, 'sigs', () => {
  signUserSig({
    sdkAppId: app.sdkAppId,
    identifier: 'administrator',
    secretKey: app.secretKey,
    now: 1700000000,
    expire: 600,
  });
});
measure('parse body + normalize + NDJSON (one app)', 5_000, 'snapshots', () => {
  toNdjson(parseGetAppInfoBody(body, app.sdkAppId, { now }).map((e) => toRow(e, ctx)));
});

// A full run over real HTTP: many apps against the simulator, written to a temp folder.
const APPS = 50;
const apps = Array.from({ length: APPS }, (_, i) => ({ ...app, sdkAppId: 1500000000 + i }));
const sim = await startSimulator({ apps });
const dir = await mkdtemp(join(tmpdir(), 'opsdata-bench-'));
const agent = new Agent({ keepAliveTimeout: 10_000 });
try {
  const secrets = parseSecret(demoSecret(sim.url, apps));
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  const summary = await takeSnapshots({
    apps: secrets,
    store: dirStore(dir),
    settings: {
      ...defaultRunSettings(),
      prefix: 'getappinfo',
      timeZone: 'Asia/Shanghai',
      requestFields: undefined,
      concurrency: 4,
    },
    runId: 'bench',
    now,
    deadline: Date.now() + 60_000,
    client: { dispatcher: agent },
  });
  const ms = performance.now() - started;
  clearInterval(sampler);
  const latencies = summary.apps
    .map((a) => (a.ok ? a.latencyMs : Number.NaN))
    .sort((a, b) => a - b);
  console.log(
    `full run, ${APPS} apps over HTTP to a folder            ${ms.toFixed(0).padStart(8)} ms total, ${(ms / APPS).toFixed(1)} ms/app, p50 call ${latencies[Math.floor(APPS / 2)]} ms, ok=${summary.ok}`,
  );
  console.log(
    `memory: rss ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, peak ${(peakRss / 2 ** 20).toFixed(0)} MiB during the run (Lambda memory: 256 MiB)`,
  );
} finally {
  await agent.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
