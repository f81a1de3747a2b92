/**
 * Runs the function as Lambda would run it — the esbuild bundle in a fresh Node process, with
 * --enable-source-maps — against the local simulator, S3 and Secrets Manager, and prints its
 * import time, a cold and a warm run, and the process's peak memory (the Lambda memory setting
 * must hold it).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { functionBuildOptions } from '../infra/bundling.js';
import { DEMO_APPS, demoSecret } from '../simulator/demo.js';
import { startSimulator } from '../simulator/server.js';
import { startS3 } from '../test/support/s3-server.js';
import { startSecretsManager } from '../test/support/secrets-manager-server.js';

const APPS = 10;
const template = DEMO_APPS[0];
if (template === undefined) throw new Error('no demo app');
const apps = Array.from({ length: APPS }, (_, i) => ({ ...template, sdkAppId: 1600000000 + i }));

const dir = await mkdtemp(join(tmpdir(), 'opsdata-lambda-bench-'));
const bundle = join(dir, 'index.mjs');
await build(functionBuildOptions('functions/handler.ts', bundle));

const runner = join(dir, 'invoke.mjs');
await writeFile(
  runner,
  `const context = (id) => ({ awsRequestId: id, functionName: 'bench', getRemainingTimeInMillis: () => 170_000 });
const t0 = performance.now();
const { handler } = await import(${JSON.stringify(bundle)});
const t1 = performance.now();
const cold = await handler({}, context('cold'));
const t2 = performance.now();
const warm = await handler({}, context('warm'));
const t3 = performance.now();
const { writeFileSync } = await import('node:fs');
writeFileSync(process.env.BENCH_OUT, JSON.stringify({
  importMs: t1 - t0, coldMs: t2 - t1, warmMs: t3 - t2, ok: cold.ok && warm.ok,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
}));
process.exit(0); // the handler's keep-alive agent would hold the process open, as Lambda freezes it
`,
);

const sim = await startSimulator({ apps });
const s3 = await startS3({ buckets: ['bench'] });
const secrets = await startSecretsManager({ secrets: { bench: demoSecret(sim.url, apps) } });
try {
  const out = join(dir, 'result.json');
  // Asynchronous: the local servers answer from this process's event loop.
  await promisify(execFile)(process.execPath, ['--enable-source-maps', runner], {
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      BENCH_OUT: out,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      SECRET_ID: 'bench',
      BUCKET_NAME: 'bench',
      SNAPSHOT_PREFIX: 'getappinfo',
      TIME_ZONE: 'Asia/Shanghai',
    },
  });
  const r = JSON.parse(await readFile(out, 'utf8'));
  const kib = Math.round((await readFile(bundle)).length / 1024);
  console.log(
    `lambda bundle ${kib} KiB, ${APPS} apps: import ${r.importMs.toFixed(0)} ms, cold run ${r.coldMs.toFixed(0)} ms, warm run ${r.warmMs.toFixed(0)} ms, peak RSS ${r.maxRssMiB.toFixed(0)} MiB, ok=${r.ok}`,
  );
} finally {
  await Promise.all([sim.close(), s3.close(), secrets.close()]);
  await rm(dir, { recursive: true, force: true });
}
