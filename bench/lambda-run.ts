/**
 * Runs the function as Lambda would run it — the esbuild bundle in a fresh Node process, with
 * --enable-source-maps — against the local simulator, S3 and Secrets Manager, and prints its
 * import time, a cold and a warm run, and the process's peak memory (the Lambda memory setting
 * must hold it). Usage: npx tsx bench/lambda-run.ts [apps]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_APPS, demoSecret } from '../simulator/demo.js';
import { startSimulator } from '../simulator/server.js';
import { buildHandlerBundle, invokeBundle } from '../tools/harness/lambda-bundle.js';
import { startS3 } from '../tools/harness/s3-server.js';
import { startSecretsManager } from '../tools/harness/secrets-manager-server.js';

const APPS = Number(process.argv[2] ?? 10);
const template = DEMO_APPS[0];
if (template === undefined) throw new Error('no demo app');
const apps = Array.from({ length: APPS }, (_, i) => ({ ...template, sdkAppId: 1600000000 + i }));

const dir = await mkdtemp(join(tmpdir(), 'opsdata-lambda-bench-'));
const sim = await startSimulator({ apps });
const s3 = await startS3({ buckets: ['bench'] });
const secrets = await startSecretsManager({ secrets: { bench: demoSecret(sim.url, apps) } });
try {
  const bundle = await buildHandlerBundle(dir);
  const run = await invokeBundle({
    bundle,
    events: [{}, {}],
    env: {
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
  const [cold, warm] = run.invocations;
  const ok = run.invocations.every((i) => (i.result as { ok?: boolean } | undefined)?.ok === true);
  const kib = Math.round((await readFile(bundle)).length / 1024);
  console.log(
    `lambda bundle ${kib} KiB, ${APPS} apps: import ${run.importMs.toFixed(0)} ms, cold run ${cold?.ms.toFixed(0)} ms, warm run ${warm?.ms.toFixed(0)} ms, peak RSS ${run.maxRssMiB.toFixed(0)} MiB, ok=${ok} (node ${run.node})`,
  );
} finally {
  await Promise.all([sim.close(), s3.close(), secrets.close()]);
  await rm(dir, { recursive: true, force: true });
}
