/**
 * How many bytes of log one run writes — JSON lines and EMF metrics, which CloudWatch Logs bills
 * as ingested data — for 1 and 50 apps at each `appMetrics` level, with the function's bundle as
 * Lambda runs it, against the local simulator, S3 and Secrets Manager. The cost table
 * (tools/docs/cost-model.ts) uses these numbers. Usage: npx tsx bench/log-volume.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_METRICS_LEVELS } from '../functions/core/metric-names.js';
import { DEMO_APPS, demoSecret } from '../simulator/demo.js';
import { startSimulator } from '../simulator/server.js';
import { buildHandlerBundle, invokeBundle } from '../tools/harness/lambda-bundle.js';
import { startS3 } from '../tools/harness/s3-server.js';
import { startSecretsManager } from '../tools/harness/secrets-manager-server.js';

const template = DEMO_APPS[0];
if (template === undefined) throw new Error('no demo app');
const dir = await mkdtemp(join(tmpdir(), 'opsdata-log-volume-'));
try {
  const bundle = await buildHandlerBundle(dir);
  for (const count of [1, 50]) {
    const apps = Array.from({ length: count }, (_, i) => ({
      ...template,
      sdkAppId: 1600000000 + i,
    }));
    const sim = await startSimulator({ apps });
    const s3 = await startS3({ buckets: ['bench'] });
    const secrets = await startSecretsManager({ secrets: { bench: demoSecret(sim.url, apps) } });
    try {
      const sizes: string[] = [];
      for (const level of APP_METRICS_LEVELS) {
        const run = await invokeBundle({
          bundle,
          events: [{}],
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
            APP_METRICS: level,
            // A run after the first writes each app's 14 recent days: the steady state.
            POWERTOOLS_METRICS_NAMESPACE: 'ChatOpsdata',
          },
        });
        const ok = (run.invocations[0]?.result as { ok?: boolean } | undefined)?.ok === true;
        sizes.push(
          `${level} ${Buffer.byteLength(run.stdout).toLocaleString('en-US')} B${ok ? '' : ' (run failed!)'}`,
        );
      }
      console.log(
        `log per run, ${String(count).padStart(2)} app${count === 1 ? ' ' : 's'}: ${sizes.join(' · ')}`,
      );
    } finally {
      await Promise.all([sim.close(), s3.close(), secrets.close()]);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
