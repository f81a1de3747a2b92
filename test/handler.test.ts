/**
 * The deployed artifact: the esbuild bundle of functions/handler.ts, with the stack's options, in a
 * fresh Node process (this test's Node, 24 as in Lambda: see package.json's `node`) configured
 * only through the environment the stack sets, against the local S3, Secrets Manager and simulator.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayRange, monthOf } from '../functions/core/dates.js';
import { type RunningSimulator, startSimulator } from '../simulator/server.js';
import { buildHandlerBundle, invokeBundle } from '../tools/harness/lambda-bundle.js';
import { type RunningS3, startS3 } from '../tools/harness/s3-server.js';
import {
  type RunningSecretsManager,
  startSecretsManager,
} from '../tools/harness/secrets-manager-server.js';
import { appConfigs, listKeys, TEST_APPS } from './support/fixtures.js';

const BUCKET = 'bundle-bucket';
const [ONE, TWO] = TEST_APPS as [(typeof TEST_APPS)[0], (typeof TEST_APPS)[0]];

let dir: string;
let bundle: string;
let sim: RunningSimulator;
let s3: RunningS3;
let secrets: RunningSecretsManager;

/** The variables the stack sets, plus what points the SDK at the local servers. */
function lambdaEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: 'chat-opsdata',
    POWERTOOLS_METRICS_NAMESPACE: 'ChatOpsdata',
    SECRET_ID: 'chat-opsdata/tencent',
    BUCKET_NAME: BUCKET,
    SNAPSHOT_PREFIX: 'getappinfo',
    TIME_ZONE: 'Asia/Shanghai',
    ...overrides,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdata-bundle-'));
  bundle = await buildHandlerBundle(dir);
  sim = await startSimulator({ apps: TEST_APPS });
  // As S3 answers the function's role, which has no s3:ListBucket: a missing key is 403.
  s3 = await startS3({ buckets: [BUCKET], missingKeysForbidden: true });
  secrets = await startSecretsManager({
    secrets: { 'chat-opsdata/tencent': JSON.stringify({ apps: appConfigs(sim.url, [ONE, TWO]) }) },
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([sim.close(), s3.close(), secrets.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('the bundled handler, configured by its environment', () => {
  it('takes a snapshot of every app, honours REQUEST_FIELDS and logs JSON with EMF metrics; a second invocation skips the written day', async () => {
    const run = await invokeBundle({
      bundle,
      env: lambdaEnv({ REQUEST_FIELDS: 'ActiveUserNum,UpMsgNum' }),
      events: [{}, {}],
    });
    expect(run.node).toBe(process.version);
    const [invocation] = run.invocations;
    expect(invocation?.error).toBeUndefined();
    const summary = invocation?.result as {
      ok: boolean;
      dt: string;
      apps: { ok: boolean; days: { from: string; to: string } }[];
    };
    expect(summary).toMatchObject({ ok: true, apps: [{ ok: true }, { ok: true }] });
    const days = summary.apps[0]?.days ?? { from: '', to: '' };
    const months = [...new Set(dayRange(days.from, days.to).map(monthOf))];
    expect(await listKeys(s3.client(), BUCKET)).toEqual(
      [ONE, TWO]
        .flatMap((app) => [
          `days/getappinfo/runs/dt=${summary.dt}/${app.sdkAppId}.done`,
          `getappinfo/dt=${summary.dt}/${app.sdkAppId}.json`,
          `raw/getappinfo/dt=${summary.dt}/${app.sdkAppId}.json`,
          ...months.map((month) => `days/getappinfo/month=${month}/${app.sdkAppId}.json`),
        ])
        .sort(),
    );
    // The second invocation (a retry, a manual run): both apps done, no call, nothing written.
    expect(run.invocations[1]?.result).toMatchObject({
      ok: true,
      apps: [],
      skipped: [{ sdkAppId: ONE.sdkAppId }, { sdkAppId: TWO.sdkAppId }],
      notWritten: [],
    });
    expect(sim.requests.map((r) => r.rawBody)).toEqual([
      '{"RequestField":["ActiveUserNum","UpMsgNum","Date"]}',
      '{"RequestField":["ActiveUserNum","UpMsgNum","Date"]}',
    ]);
    const lines = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((l) => l.message === 'snapshot written')).toHaveLength(2);
    expect(lines.filter((l) => 'SnapshotsSucceeded' in l)).toEqual([
      expect.objectContaining({
        SnapshotsSucceeded: 2,
        AppsNotWritten: 0,
        service: 'chat-opsdata',
      }),
      expect.objectContaining({ SnapshotsSucceeded: 0, AppsNotWritten: 0 }),
    ]);
    expect(lines.filter((l) => 'ActiveUsers' in l).length).toBeGreaterThanOrEqual(2 * 12);
  });

  it('fails the invocation naming a missing variable, before any request', async () => {
    sim.reset();
    const run = await invokeBundle({ bundle, env: lambdaEnv({ BUCKET_NAME: '' }), events: [{}] });
    expect(run.invocations[0]?.error).toEqual({
      name: 'ConfigError',
      message: 'environment variable BUCKET_NAME is not set',
    });
    expect(sim.requests).toEqual([]);
  });
});
