/**
 * `npm run bench` (last part): time and memory while a 50 MB getappinfo answer is refused.
 * Each scenario runs in a fresh process (so peak RSS is the kernel's high-water mark for that
 * scenario alone) with the simulator and a two-app run: one app's answer is huge, streamed
 * without Content-Length, the other's is normal. For contrast, the last scenario reads the same
 * 50 MB the way the client used to (`body.arrayBuffer()`, no bound).
 */

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';
import { MAX_RESPONSE_BYTES } from '../functions/getappinfo/bounded-body.js';
import { signUserSig } from '../functions/getappinfo/usersig.js';
import { dirStore } from '../functions/local/dir-store.js';
import { takeSnapshots } from '../functions/run/snapshot-pipeline.js';
import { parseSecret } from '../functions/secret/secret.js';
import { defaultRunSettings } from '../functions/settings/settings.js';
import { DEMO_APPS, demoSecret } from '../simulator/demo.js';
import { GETAPPINFO_PATH, startSimulator } from '../simulator/server.js';

const MiB = 2 ** 20;
const SCENARIOS = {
  'no huge answer (baseline)': { bytes: 0, bounded: true },
  '50 MiB answer, bounded (the client)': { bytes: 50 * MiB, bounded: true },
  '1 GiB answer, bounded (the client)': { bytes: 1024 * MiB, bounded: true },
  '50 MiB answer, unbounded arrayBuffer()': { bytes: 50 * MiB, bounded: false },
} as const;
type Scenario = keyof typeof SCENARIOS;

interface Measurement {
  readonly maxRssMiB: number;
  readonly peakHeapMiB: number;
  readonly peakBuffersMiB: number;
  /** How long the huge app took to fail (bounded) or to be read in full (unbounded). */
  readonly hugeAppMs?: number;
  readonly outcome: string;
  readonly sentMiB?: number;
}

/** Runs one scenario in this process and returns what it measured. */
async function measure(scenario: Scenario): Promise<Measurement> {
  const { bytes, bounded } = SCENARIOS[scenario];
  const [big, small] = DEMO_APPS;
  if (big === undefined || small === undefined) throw new Error('two demo apps needed');
  const sim = await startSimulator({ apps: DEMO_APPS });
  const dir = await mkdtemp(join(tmpdir(), 'opsdata-huge-bench-'));
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const peak = { heap: 0, buffers: 0 };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak.heap = Math.max(peak.heap, now.heapUsed);
    peak.buffers = Math.max(peak.buffers, now.arrayBuffers);
  }, 2);
  let sent: number | undefined;
  const onEnd = (n: number) => {
    sent = n;
  };
  try {
    if (bytes > 0) {
      sim.inject({ kind: 'huge', bytes, contentLength: false, sdkAppId: big.sdkAppId, onEnd });
    }
    if (bounded) {
      const summary = await takeSnapshots({
        apps: parseSecret(demoSecret(sim.url)),
        store: dirStore(dir),
        settings: {
          ...defaultRunSettings(),
          prefix: 'getappinfo',
          timeZone: 'Asia/Shanghai',
          requestFields: undefined,
        },
        runId: 'bench',
        now: new Date(),
        deadline: Date.now() + 60_000,
        client: { dispatcher: agent },
      });
      const app = summary.apps[0];
      const outcome = app?.ok
        ? 'written'
        : `${app?.error.name}, other app ${summary.apps[1]?.ok ? 'written' : 'FAILED'}`;
      return result(peak, outcome, bytes > 0 ? app?.elapsedMs : undefined, sent);
    }
    const query = new URLSearchParams({
      sdkappid: String(big.sdkAppId),
      identifier: big.adminIdentifier,
      usersig: signUserSig({
        sdkAppId: big.sdkAppId,
        identifier: big.adminIdentifier,
        secretKey: big.secretKey,
        now: Math.floor(Date.now() / 1000),
        expire: 600,
      }),
      random: '1',
      contenttype: 'json',
    });
    const started = performance.now();
    const response = await request(`${sim.url}${GETAPPINFO_PATH}?${query}`, {
      method: 'POST',
      body: '{}',
      dispatcher: agent,
    });
    const length = (await response.body.arrayBuffer()).byteLength;
    const ms = Math.round(performance.now() - started);
    return result(peak, `read all ${(length / MiB).toFixed(1)} MiB`, ms, sent);
  } finally {
    clearInterval(sampler);
    await agent.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function result(
  peak: { heap: number; buffers: number },
  outcome: string,
  hugeAppMs: number | undefined,
  sent: number | undefined,
): Measurement {
  return {
    // resourceUsage().maxRSS is the kernel's high-water mark in KiB: no sample can miss a peak.
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    peakHeapMiB: peak.heap / MiB,
    peakBuffersMiB: peak.buffers / MiB,
    outcome,
    ...(hugeAppMs !== undefined ? { hugeAppMs } : {}),
    ...(sent !== undefined ? { sentMiB: sent / MiB } : {}),
  };
}

const child = process.argv[2] as Scenario | undefined;
if (child !== undefined) {
  process.stdout.write(JSON.stringify(await measure(child)));
} else {
  console.log(
    `node ${process.version}: two apps, one answers huge (no Content-Length); bound ${MAX_RESPONSE_BYTES / MiB} MiB; each scenario in a fresh process`,
  );
  const self = fileURLToPath(import.meta.url);
  for (const scenario of Object.keys(SCENARIOS) as Scenario[]) {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...process.execArgv, self, scenario],
      { timeout: 120_000 },
    );
    const m = JSON.parse(stdout) as Measurement;
    const time = m.hugeAppMs === undefined ? '' : `, huge app ${m.hugeAppMs} ms`;
    const sent = m.sentMiB === undefined ? '' : `, simulator sent ${m.sentMiB.toFixed(1)} MiB`;
    console.log(
      `${scenario.padEnd(40)} peak RSS ${m.maxRssMiB.toFixed(0).padStart(4)} MiB, peak heap ${m.peakHeapMiB.toFixed(1)} MiB, peak Buffers ${m.peakBuffersMiB.toFixed(1).padStart(5)} MiB — ${m.outcome}${time}${sent}`,
    );
  }
}
