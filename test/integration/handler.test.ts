/**
 * The deployed entry point, invoked as Lambda would: real env variables, the real SDK clients
 * pointed at local S3 and Secrets Manager through AWS_ENDPOINT_URL_*, and the simulator.
 */
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runDate } from '../../functions/lib/snapshot-layout.js';
import type { RunSummary } from '../../functions/lib/snapshot-pipeline.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { type RunningS3, startS3 } from '../support/s3-server.js';
import {
  type RunningSecretsManager,
  startSecretsManager,
} from '../support/secrets-manager-server.js';
import { appConfigs, expectedNdjson, listKeys, readObject, TEST_APPS } from './fixtures.js';

const BUCKET = 'opsdata-bucket';
const SECRET_ID = 'chat-opsdata/tencent';
const SIM_NOW = new Date();
const [ONE, TWO] = TEST_APPS as [(typeof TEST_APPS)[0], (typeof TEST_APPS)[0]];

let sim: RunningSimulator;
let s3: RunningS3;
let secrets: RunningSecretsManager;
let handler: (event: unknown, context: Context) => Promise<RunSummary>;
let output: string[];

function context(remainingMs = 60_000): Context {
  const end = Date.now() + remainingMs;
  return {
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    functionName: 'chat-opsdata-snapshot',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:chat-opsdata-snapshot',
    memoryLimitInMB: '256',
    logGroupName: '/aws/lambda/chat-opsdata-snapshot',
    logStreamName: '2026/11/28/[$LATEST]abc',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => end - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Every JSON line the function printed (Powertools logs and EMF metrics). */
function printed(): Record<string, unknown>[] {
  return output
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function metric(name: string): unknown {
  return printed().find((line) => '_aws' in line && name in line)?.[name];
}

beforeAll(async () => {
  // A frozen service clock keeps the served days stable even if the file runs across midnight.
  sim = await startSimulator({ apps: TEST_APPS, now: () => SIM_NOW });
  s3 = await startS3({ buckets: [BUCKET] });
  secrets = await startSecretsManager({
    secrets: { [SECRET_ID]: JSON.stringify({ apps: appConfigs(sim.url, [ONE, TWO]) }) },
    region: 'ap-southeast-1',
  });
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    SECRET_ID,
    BUCKET_NAME: BUCKET,
    SNAPSHOT_PREFIX: 'getappinfo',
    TIME_ZONE: 'Asia/Shanghai',
  });
  ({ handler } = await import('../../functions/handler.js'));
});

afterAll(async () => {
  await Promise.all([sim.close(), s3.close(), secrets.close()]);
});

beforeEach(() => {
  sim.reset();
  output = [];
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return () => vi.restoreAllMocks();
});

describe('handler', () => {
  it('writes both objects of every app to S3 and returns the summary', async () => {
    const ctx = context();
    const before = runDate(new Date(), 'Asia/Shanghai');
    const summary = await handler({}, ctx);
    const { dt } = summary;

    expect([before, runDate(new Date(), 'Asia/Shanghai')]).toContain(dt);
    expect(summary).toMatchObject({ ok: true, runId: ctx.awsRequestId });
    const client = s3.client();
    const keys = await listKeys(client, BUCKET);
    for (const app of [ONE, TWO]) {
      expect(keys).toContain(`raw/getappinfo/dt=${dt}/${app.sdkAppId}.json`);
      const rows = await readObject(client, BUCKET, `getappinfo/dt=${dt}/${app.sdkAppId}.json`);
      const extractedAt = new Date(JSON.parse(rows.body?.split('\n')[0] ?? '').extracted_at);
      expect(rows.body).toBe(
        expectedNdjson(app, SIM_NOW, ctx.awsRequestId, undefined, extractedAt),
      );
    }
    expect(secrets.requests.at(-1)).toMatchObject({ secretId: SECRET_ID });
  });

  it('logs structured JSON with the run id and emits EMF metrics', async () => {
    const ctx = context();
    await handler({}, ctx);
    const written = printed().filter((line) => line.message === 'snapshot written');
    expect(written.map((line) => line.sdkAppId)).toEqual([ONE.sdkAppId, TWO.sdkAppId]);
    for (const line of written) {
      expect(line).toMatchObject({
        level: 'INFO',
        service: 'chat-opsdata',
        runId: ctx.awsRequestId,
      });
    }
    expect(metric('SnapshotsSucceeded')).toBe(2);
    expect(metric('SnapshotsFailed')).toBe(0);
    expect(metric('RowsWritten')).toBe(60);
    const emf = printed().find((line) => '_aws' in line) as {
      _aws: { CloudWatchMetrics: unknown };
    };
    expect(emf._aws.CloudWatchMetrics).toEqual([
      expect.objectContaining({ Namespace: 'ChatOpsdata', Dimensions: [['service']] }),
    ]);
  });

  it('runs only the apps listed in the event', async () => {
    const summary = await handler({ apps: [TWO.sdkAppId] }, context());
    expect(summary.apps.map((a) => a.sdkAppId)).toEqual([TWO.sdkAppId]);
    expect(sim.requests.map((r) => r.sdkAppId)).toEqual([TWO.sdkAppId]);
  });

  it('throws after writing the healthy app when another fails, so the alarm fires', async () => {
    sim.inject({ kind: 'error', errorCode: 70020, sdkAppId: ONE.sdkAppId });
    const ctx = context();

    await expect(handler({}, ctx)).rejects.toMatchObject({
      name: 'RunFailedError',
      failedApps: [ONE.sdkAppId],
      message: expect.stringContaining(
        `app ${ONE.sdkAppId}: getappinfo failed for app ${ONE.sdkAppId}: 70020`,
      ),
    });
    const written = printed().find((line) => line.message === 'snapshot written');
    expect(written).toMatchObject({ sdkAppId: TWO.sdkAppId, ok: true });
    const locations = (written?.written ?? []) as string[];
    const rowsKey = String(locations[1]).replace(`s3://${BUCKET}/`, '');
    const rows = await readObject(s3.client(), BUCKET, rowsKey);
    expect(JSON.parse(rows.body?.split('\n')[0] ?? '').run_id).toBe(ctx.awsRequestId);
    expect(metric('SnapshotsFailed')).toBe(1);
    expect(metric('SnapshotsSucceeded')).toBe(1);
    const failed = printed().find((line) => line.message === 'snapshot failed');
    expect(failed).toMatchObject({ level: 'ERROR', sdkAppId: ONE.sdkAppId });
  });

  it('keeps within the remaining time Lambda reports, failing the slow app before the timeout', async () => {
    sim.inject({ kind: 'delay', ms: 4_000, sdkAppId: ONE.sdkAppId, times: 5 });
    const started = Date.now();
    // 6.5 s left, 5 s kept back for the writes: the slow app gets 1.5 s in all.
    const error = await handler({}, context(6_500)).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({ name: 'RunFailedError', failedApps: [ONE.sdkAppId] });
    expect((error as Error).message).toMatch(/timed out after \d+ ms/);
  });

  it('rejects a malformed secret naming the field, without logging its value', async () => {
    secrets.setSecret(
      SECRET_ID,
      JSON.stringify({ apps: [{ ...appConfigs(sim.url, [ONE])[0], region: ONE.secretKey }] }),
    );
    try {
      const error = await handler({}, context()).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ConfigError', field: 'apps[0].region' });
      expect(output.join('')).toContain('apps[0].region');
      expect(output.join('')).not.toContain(ONE.secretKey);
    } finally {
      secrets.setSecret(SECRET_ID, JSON.stringify({ apps: appConfigs(sim.url, [ONE, TWO]) }));
    }
  });

  it('never logs a secretKey or a UserSig, even when attempts fail and are retried', async () => {
    sim.inject({ kind: 'http', status: 502, sdkAppId: ONE.sdkAppId });
    sim.inject({ kind: 'error', errorCode: 70009, sdkAppId: TWO.sdkAppId });
    const error = await handler({}, context()).catch((e: unknown) => e);

    const everything = `${output.join('')}\n${String(error)}\n${JSON.stringify(error)}\n${(error as Error).stack}`;
    expect(printed().some((line) => line.message === 'getappinfo attempt failed, retrying')).toBe(
      true,
    );
    expect(sim.requests.length).toBeGreaterThanOrEqual(3);
    for (const request of sim.requests) {
      expect(request.query.usersig?.length).toBeGreaterThan(20);
      expect(everything).not.toContain(request.query.usersig);
    }
    for (const app of TEST_APPS) expect(everything).not.toContain(app.secretKey);
  });
});
