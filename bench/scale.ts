/**
 * How one run scales with the number of apps: 1,000 apps against a simulator that answers every
 * call after 50 ms, through the whole pipeline into a folder, at several concurrencies. Prints
 * each run's time against the ideal (apps ÷ concurrency × latency) and the CPU it used.
 * Usage: npx tsx bench/scale.ts [apps] [latencyMs] [concurrency,…]
 */

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Agent } from 'undici';
import { dirStore } from '../functions/local/dir-store.js';
import { takeSnapshots } from '../functions/run/snapshot-pipeline.js';
import { parseSecret } from '../functions/secret/secret.js';
import { defaultRunSettings, SETTINGS } from '../functions/settings/settings.js';
import { DEMO_APPS, demoSecret } from '../simulator/demo.js';

const APPS = Number(process.argv[2] ?? 1_000);
const LATENCY_MS = Number(process.argv[3] ?? 50);
const CONCURRENCIES = (process.argv[4] ?? `4,${SETTINGS.concurrency.default},16,32`)
  .split(',')
  .map(Number);

const template = DEMO_APPS[0];
if (template === undefined) throw new Error('no demo app');
const apps = Array.from({ length: APPS }, (_, i) => ({ ...template, sdkAppId: 1500000000 + i }));
// The simulator runs in its own process, as Tencent's service does: its CPU is not the pipeline's.
const sim = spawn(
  process.execPath,
  ['--import', 'tsx', 'bench/support/simulator-process.ts', String(APPS), String(LATENCY_MS)],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [firstLine] = (await once(createInterface({ input: sim.stdout as Readable }), 'line')) as [
  string,
];
const configs = parseSecret(demoSecret(JSON.parse(firstLine).url, apps));

try {
  for (const concurrency of CONCURRENCIES) {
    const dir = await mkdtemp(join(tmpdir(), 'opsdata-scale-'));
    // As in the Lambda: one keep-alive agent, no cap of its own on connections per origin.
    const agent = new Agent({ keepAliveTimeout: 10_000 });
    const cpu = process.cpuUsage();
    const started = performance.now();
    try {
      const summary = await takeSnapshots({
        apps: configs,
        store: dirStore(dir),
        settings: {
          ...defaultRunSettings(),
          prefix: 'getappinfo',
          timeZone: 'Asia/Shanghai',
          requestFields: undefined,
          concurrency,
        },
        runId: 'scale',
        now: new Date(),
        deadline: Date.now() + 600_000,
        client: { dispatcher: agent },
      });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const ideal = (APPS / concurrency) * LATENCY_MS;
      const failed = summary.apps.filter((a) => !a.ok).length;
      console.log(
        `${APPS} apps, ${LATENCY_MS} ms latency, concurrency ${String(concurrency).padStart(2)}: ` +
          `${(ms / 1000).toFixed(2).padStart(6)} s, ideal ${(ideal / 1000).toFixed(2).padStart(6)} s, ` +
          `ratio ${(ms / ideal).toFixed(2)}, CPU ${((used.user + used.system) / 1000 / APPS).toFixed(1)} ms/app, failed ${failed}`,
      );
    } finally {
      await agent.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
} finally {
  sim.kill('SIGTERM');
}
