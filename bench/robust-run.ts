/**
 * `npm run bench` (issue 14): a run nothing can break, measured through the real handler with
 * real SDK clients on local endpoints.
 * 1. Peak RSS of a run with one hostile app (its answer's days absurd, or 512 KiB of them) next to
 *    a normal run — each in a fresh process, so the kernel's high-water mark is that run's alone.
 * 2. How long the handler takes to return when each dependency stalls (accepts, never answers),
 *    next to its deadline: Secrets Manager, S3, SNS, and getappinfo's TLS handshake.
 * Usage: npx tsx bench/robust-run.ts
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { awsClients, destroyAwsClients } from '../functions/aws/clients.js';
import {
  APP_METRICS_NAMESPACE,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../functions/core/metric-names.js';
import { getAppInfoAgent } from '../functions/getappinfo/agent.js';
import {
  CLOSING_MARGIN_MS,
  createSnapshotHandler,
  SAFETY_MARGIN_MS,
} from '../functions/lambda/snapshot-handler.js';
import { parseLambdaEnv } from '../functions/settings/lambda-config.js';
import { type SimulatedApp, simulatedResult } from '../simulator/data.js';
import { DEMO_APPS, demoSecret } from '../simulator/demo.js';
import type { Fault } from '../simulator/faults.js';
import { startSimulator } from '../simulator/server.js';
import { localS3ClientConfig, startS3 } from '../tools/harness/s3-server.js';
import { startSecretsManager } from '../tools/harness/secrets-manager-server.js';
import { startSns } from '../tools/harness/sns-server.js';
import { startStalledServer } from '../tools/harness/stalled-server.js';

const MiB = 2 ** 20;
const REGION = 'us-east-1';
const TOPIC = `arn:aws:sns:${REGION}:123456789012:digest`;
const LOCAL = { region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const [FIRST, SECOND] = DEMO_APPS;
if (FIRST === undefined || SECOND === undefined) throw new Error('two demo apps needed');
const HOSTILE: SimulatedApp = FIRST;
const OTHER: SimulatedApp = SECOND;

/**
 * An answer of `n` days of `{"Date":"…"}` only, the smallest a day can be; built as text, so that
 * building it puts no objects of its own into the process's peak.
 */
const tinyDays = (n: number) =>
  `{"ErrorCode":0,"Result":[${'{"Date":"20261127"},'.repeat(n - 1)}{"Date":"20261127"}]}`;

const ANSWERS = {
  'normal run (baseline)': undefined,
  'one app answers 0001-01-01 and 9999-12-31 (106 B)': () =>
    '{"ErrorCode":0,"Result":[{"Date":"00010101"},{"Date":"99991231"}]}',
  'one app answers 30 days and 2099-01-01': () => {
    const days = simulatedResult(HOSTILE, new Date());
    return JSON.stringify({ ErrorCode: 0, Result: [...days, { ...days[0], Date: '20990101' }] });
  },
  'one app answers 26,000 one-field days (0.5 MiB)': () => tinyDays(26_000),
  'one app answers 209,000 one-field days (4 MiB)': () => tinyDays(209_000),
} as const;
type Scenario = keyof typeof ANSWERS;

interface Measured {
  readonly maxRssMiB: number;
  readonly heapMiB: number;
  readonly buffersMiB: number;
  readonly ms: number;
  readonly logBytes: number;
  readonly outcome: string;
}

/** Local S3, Secrets Manager and SNS, the simulator, and a stalled server. */
async function localWorld() {
  const sim = await startSimulator({ apps: DEMO_APPS });
  const [s3, secrets, sns, stalled] = await Promise.all([
    startS3({ buckets: ['bench'] }),
    startSecretsManager({ secrets: { bench: demoSecret(sim.url) }, region: REGION }),
    startSns({ topics: [TOPIC] }),
    startStalledServer(),
  ]);
  return {
    sim,
    s3,
    secrets,
    sns,
    stalled,
    close: () =>
      Promise.all([sim.close(), s3.close(), secrets.close(), sns.close(), stalled.close()]),
  };
}

function context(remainingMs: number): Context {
  const end = Date.now() + remainingMs;
  return {
    awsRequestId: `bench-${Math.random().toString(16).slice(2)}`,
    functionName: 'bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:bench`,
    memoryLimitInMB: '256',
    logGroupName: '/aws/lambda/bench',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => end - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type World = Awaited<ReturnType<typeof localWorld>>;
type Stall = 'none' | 'secretsManager' | 's3' | 'sns';

/** One invocation of the handler as deployed (clients from the factory), its output counted. */
async function invoke(world: World, stall: Stall, remainingMs: number, secretId = 'bench') {
  const at = (what: Stall, endpoint: string) => (stall === what ? world.stalled.httpUrl : endpoint);
  const clients = awsClients({
    s3: localS3ClientConfig(at('s3', world.s3.endpoint)),
    secretsManager: { ...LOCAL, endpoint: at('secretsManager', world.secrets.endpoint) },
    sns: { ...LOCAL, endpoint: at('sns', world.sns.endpoint) },
  });
  const dispatcher = getAppInfoAgent();
  const handler = createSnapshotHandler({
    loadConfig: () => ({
      ...parseLambdaEnv({ SECRET_ID: secretId, BUCKET_NAME: 'bench' }),
      digestTopicArn: TOPIC,
    }),
    ...clients,
    dispatcher,
    logger: new Logger({ serviceName: SERVICE_NAME }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    appMetrics: new Metrics({ namespace: APP_METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
  });
  // The function's log (Powertools writes INFO to stdout, WARN and ERROR to stderr): counted, kept
  // off the bench's own output.
  let logBytes = 0;
  let closing = false;
  const streams = [process.stdout, process.stderr] as const;
  const writes = streams.map((stream) => stream.write.bind(stream));
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      logBytes += chunk.length;
      const text = String(chunk);
      if (text.includes('"snapshot run finished"') || text.includes('"snapshot run failed"')) {
        closing = true;
      }
      return true;
    }) as typeof stream.write;
  }
  const started = Date.now();
  try {
    const error = await handler({}, context(remainingMs)).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    return { ms: Date.now() - started, error, logBytes, closing };
  } finally {
    streams.forEach((stream, i) => {
      stream.write = writes[i] as typeof stream.write;
    });
    destroyAwsClients(clients);
    await dispatcher.destroy();
  }
}

/** Part 1, in the child process: one scenario's run through the handler. */
async function measure(scenario: Scenario): Promise<Measured> {
  const world = await localWorld();
  try {
    const body = ANSWERS[scenario];
    if (body !== undefined) {
      const fault: Fault = { kind: 'garbage', body: body(), sdkAppId: HOSTILE.sdkAppId };
      world.sim.inject(fault);
    }
    // The JS heap and the Buffers in use, sampled every millisecond: what the run holds, where
    // RSS also counts the pages V8 and malloc keep once they have grown.
    const peak = { heap: 0, buffers: 0 };
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak.heap = Math.max(peak.heap, m.heapUsed);
      peak.buffers = Math.max(peak.buffers, m.arrayBuffers);
    }, 1);
    const run = await invoke(world, 'none', 60_000);
    clearInterval(sampler);
    const outcome =
      run.error === undefined
        ? 'every app written'
        : `${run.error.name}: ${run.error.message.replace(/^.*?app \d+: getappinfo for app \d+ /, '').slice(0, 60)}…`;
    return {
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      heapMiB: peak.heap / MiB,
      buffersMiB: peak.buffers / MiB,
      ms: run.ms,
      logBytes: run.logBytes,
      outcome,
    };
  } finally {
    await world.close();
  }
}

/** Part 2: the handler's time to return with each dependency stalled, against its deadline. */
async function stalls(): Promise<void> {
  const cases: [string, Stall, string][] = [
    ['Secrets Manager never answers', 'secretsManager', 'bench'],
    ['S3 never answers', 's3', 'bench'],
    ['SNS never answers (the digest)', 'sns', 'bench'],
    ["getappinfo's TLS handshake never completes (one app)", 'none', 'stalled-tls'],
  ];
  console.log(
    `handler with a stalled dependency (accepts, never answers); every AWS call is cut ${CLOSING_MARGIN_MS} ms before the deadline, getappinfo ${SAFETY_MARGIN_MS} ms before`,
  );
  for (const remainingMs of [10_000, 30_000]) {
    for (const [name, stall, secretId] of cases) {
      // A fresh bucket each time: nothing is skipped as already written, no digest already sent.
      const world = await localWorld();
      try {
        // One app behind a TLS handshake that never completes, the other served as usual.
        const [stalledApp] = JSON.parse(demoSecret(world.stalled.httpsUrl, [HOSTILE])).apps;
        const [servedApp] = JSON.parse(demoSecret(world.sim.url, [OTHER])).apps;
        world.secrets.setSecret('stalled-tls', JSON.stringify({ apps: [stalledApp, servedApp] }));
        const run = await invoke(world, stall, remainingMs, secretId);
        console.log(
          `${name.padEnd(54)} deadline ${String(remainingMs).padStart(6)} ms  returned after ${String(run.ms).padStart(6)} ms  closing line ${run.closing ? 'logged' : 'MISSING'}, ${run.error?.name ?? 'ok'}`,
        );
      } finally {
        await world.close();
      }
    }
  }
}

const child = process.argv[2] as Scenario | undefined;
if (child !== undefined) {
  process.stderr.write(`BENCH ${JSON.stringify(await measure(child))}\n`);
} else {
  console.log(
    `node ${process.version}: the handler with two demo apps, one of them hostile; each scenario in a fresh process, median of 3 (range); the in-process simulator holds the hostile body too`,
  );
  const self = fileURLToPath(import.meta.url);
  // A fresh process's peak RSS varies by several MiB from run to run (when the GC runs): each
  // scenario runs RUNS times, and the median is compared.
  const RUNS = 3;
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  let baseline: { rss: number; heap: number } | undefined;
  for (const scenario of Object.keys(ANSWERS) as Scenario[]) {
    const runs: Measured[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { stderr } = await promisify(execFile)(
        process.execPath,
        [...process.execArgv, self, scenario],
        { timeout: 120_000, maxBuffer: 64 * MiB },
      );
      const line = stderr.split('\n').find((l) => l.startsWith('BENCH '));
      if (line === undefined)
        throw new Error(`no result from "${scenario}": ${stderr.slice(-500)}`);
      runs.push(JSON.parse(line.slice(6)) as Measured);
    }
    const rss = runs.map((m) => m.maxRssMiB);
    const peak = { rss: median(rss), heap: median(runs.map((m) => m.heapMiB + m.buffersMiB)) };
    baseline ??= peak;
    const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
    const last = runs.at(-1) as Measured;
    console.log(
      `${scenario.padEnd(50)} peak RSS ${peak.rss.toFixed(0).padStart(4)} MiB (${signed(peak.rss - baseline.rss)}; ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)}), heap+Buffers ${peak.heap.toFixed(1)} MiB (${signed(peak.heap - baseline.heap)}), ${String(median(runs.map((m) => m.ms))).padStart(4)} ms, log ${(last.logBytes / 1024).toFixed(1)} KiB — ${last.outcome}`,
    );
  }
  await stalls();
}
