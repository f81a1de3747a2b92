/**
 * The Lambda handler with real SDK clients pointed at a local S3 and Secrets Manager, and the
 * simulator; built with `createSnapshotHandler`, so no test touches `process.env`.
 * (test/integration/handler-bundle.test.ts runs the deployed bundle with its environment.)
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LambdaConfig, parseLambdaEnv } from '../../functions/lib/config.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/lib/run-metrics.js';
import { createSnapshotHandler, type HandlerDeps } from '../../functions/lib/snapshot-handler.js';
import { runDate } from '../../functions/lib/snapshot-layout.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { type RunningS3, startS3 } from '../support/s3-server.js';
import {
  type RunningSecretsManager,
  startSecretsManager,
} from '../support/secrets-manager-server.js';
import {
  appConfigs,
  expectedNdjson,
  FAST_CLIENT,
  listKeys,
  readObject,
  TEST_APPS,
} from './fixtures.js';

const BUCKET = 'opsdata-bucket';
const SECRET_ID = 'chat-opsdata/tencent';
const REGION = 'ap-southeast-1';
const SIM_NOW = new Date();
const [ONE, TWO] = TEST_APPS as [(typeof TEST_APPS)[0], (typeof TEST_APPS)[0]];
const CONFIG: LambdaConfig = parseLambdaEnv({ SECRET_ID, BUCKET_NAME: BUCKET });

let sim: RunningSimulator;
let s3: RunningS3;
let secrets: RunningSecretsManager;
let secretsClient: SecretsManagerClient;
let agent: Agent;
let output: string[];

function context(remainingMs = 60_000): Context {
  const end = Date.now() + remainingMs;
  return {
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    functionName: 'chat-opsdata-snapshot',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:chat-opsdata-snapshot`,
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

/** A handler as deployed, but with local clients; `overrides` replaces any of its parts. */
function handlerWith(overrides: Partial<HandlerDeps> = {}) {
  return createSnapshotHandler({
    loadConfig: () => CONFIG,
    s3: s3.client(),
    secretsManager: secretsClient,
    dispatcher: agent,
    logger: new Logger({ serviceName: SERVICE_NAME }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    client: FAST_CLIENT,
    ...overrides,
  });
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

function logged(message: string): Record<string, unknown>[] {
  return printed().filter((line) => line.message === message);
}

beforeAll(async () => {
  // A frozen service clock keeps the served days stable even if the file runs across midnight.
  sim = await startSimulator({ apps: TEST_APPS, now: () => SIM_NOW });
  s3 = await startS3({ buckets: [BUCKET] });
  secrets = await startSecretsManager({
    secrets: { [SECRET_ID]: JSON.stringify({ apps: appConfigs(sim.url, [ONE, TWO]) }) },
    region: REGION,
  });
  secretsClient = new SecretsManagerClient({
    endpoint: secrets.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  agent = new Agent({ keepAliveTimeout: 1_000 });
});

afterAll(async () => {
  secretsClient.destroy();
  await agent.close();
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

describe('snapshot handler', () => {
  it('writes both objects of every app to S3 and returns the summary', async () => {
    const ctx = context();
    const before = runDate(new Date(), 'Asia/Shanghai');
    const summary = await handlerWith()({}, ctx);
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

  it('logs structured JSON with the run id and emits EMF metrics, one ApiAttempts per app', async () => {
    const ctx = context();
    await handlerWith()({}, ctx);
    const written = logged('snapshot written');
    expect(written.map((line) => line.sdkAppId)).toEqual([ONE.sdkAppId, TWO.sdkAppId]);
    for (const line of written) {
      expect(line).toMatchObject({ level: 'INFO', service: SERVICE_NAME, runId: ctx.awsRequestId });
    }
    expect(metric('SnapshotsSucceeded')).toBe(2);
    expect(metric('SnapshotsFailed')).toBe(0);
    expect(metric('RowsWritten')).toBe(60);
    expect(metric('ApiAttempts')).toEqual([1, 1]);
    expect(metric('ApiLatency')).toEqual([expect.any(Number), expect.any(Number)]);
    const emf = printed().find((line) => '_aws' in line) as {
      _aws: { CloudWatchMetrics: unknown };
    };
    expect(emf._aws.CloudWatchMetrics).toEqual([
      expect.objectContaining({ Namespace: 'ChatOpsdata', Dimensions: [['service']] }),
    ]);
  });

  it('counts every attempt in ApiAttempts when a call is retried', async () => {
    sim.inject({ kind: 'http', status: 502, sdkAppId: ONE.sdkAppId });
    await handlerWith()({}, context());
    expect(metric('ApiAttempts')).toEqual([2, 1]);
    expect(logged('getappinfo attempt failed, retrying')).toEqual([
      expect.objectContaining({ level: 'WARN', sdkAppId: ONE.sdkAppId, attempt: 1 }),
    ]);
  });

  it('runs only the apps listed in the event', async () => {
    const summary = await handlerWith()({ apps: [TWO.sdkAppId] }, context());
    expect(summary.apps.map((a) => a.sdkAppId)).toEqual([TWO.sdkAppId]);
    expect(sim.requests.map((r) => r.sdkAppId)).toEqual([TWO.sdkAppId]);
  });

  it('throws after writing the healthy app when another fails, so the alarm fires', async () => {
    sim.inject({ kind: 'error', errorCode: 70020, sdkAppId: ONE.sdkAppId });
    const ctx = context();

    await expect(handlerWith()({}, ctx)).rejects.toMatchObject({
      name: 'RunFailedError',
      failedApps: [ONE.sdkAppId],
      message: expect.stringContaining(
        `app ${ONE.sdkAppId}: getappinfo failed for app ${ONE.sdkAppId}: 70020`,
      ),
    });
    const [written] = logged('snapshot written');
    expect(written).toMatchObject({ sdkAppId: TWO.sdkAppId, ok: true });
    const locations = (written?.written ?? []) as string[];
    const rowsKey = String(locations[1]).replace(`s3://${BUCKET}/`, '');
    const rows = await readObject(s3.client(), BUCKET, rowsKey);
    expect(JSON.parse(rows.body?.split('\n')[0] ?? '').run_id).toBe(ctx.awsRequestId);
    expect(metric('SnapshotsFailed')).toBe(1);
    expect(metric('SnapshotsSucceeded')).toBe(1);
    expect(logged('snapshot failed')).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        sdkAppId: ONE.sdkAppId,
        error: expect.objectContaining({ errorCode: 70020, hint: expect.stringMatching(/region/) }),
      }),
    ]);
  });

  it('fails the app, and does not count it, when the typed rows cannot be written after the raw body', async () => {
    const rowsFail = await startS3({ buckets: [BUCKET], failPutsTo: /^\/[^/]+\/getappinfo\// });
    try {
      const handler = handlerWith({ s3: rowsFail.client({ maxAttempts: 1 }) });
      const error = await handler({ apps: [ONE.sdkAppId] }, context()).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'RunFailedError', failedApps: [ONE.sdkAppId] });
      expect(metric('SnapshotsSucceeded')).toBe(0);
      expect(metric('SnapshotsFailed')).toBe(1);
      expect(metric('RowsWritten')).toBe(0);
      const [failed] = logged('snapshot failed');
      expect(failed).toMatchObject({ ok: false, error: { name: 'StoreError' } });
      // The raw body is kept, so a re-run (or the next day) loses nothing.
      const keys = await listKeys(rowsFail.client(), BUCKET);
      expect(keys).toEqual([expect.stringMatching(/^raw\/getappinfo\/dt=.*\/1400000101\.json$/)]);
      expect(failed?.written).toEqual([`s3://${BUCKET}/${keys[0]}`]);
    } finally {
      await rowsFail.close();
    }
  });

  it('keeps within the remaining time Lambda reports, failing the slow app before the timeout', async () => {
    sim.inject({ kind: 'delay', ms: 4_000, sdkAppId: ONE.sdkAppId, times: 5 });
    const started = Date.now();
    // 6.5 s left, 5 s kept back for the writes: the slow app gets 1.5 s in all.
    const error = await handlerWith({ client: {} })({}, context(6_500)).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({ name: 'RunFailedError', failedApps: [ONE.sdkAppId] });
    expect((error as Error).message).toMatch(/timed out after \d+ ms/);
  });

  it('names a missing environment variable, logs it and fails the invocation', async () => {
    const handler = handlerWith({ loadConfig: () => parseLambdaEnv({ BUCKET_NAME: BUCKET }) });
    await expect(handler({}, context())).rejects.toMatchObject({
      name: 'ConfigError',
      message: 'environment variable SECRET_ID is not set',
    });
    expect(logged('snapshot run failed')).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        error: expect.objectContaining({ name: 'ConfigError' }),
      }),
    ]);
    expect(sim.requests).toEqual([]);
  });

  it('rejects a malformed secret naming the field, without logging its value', async () => {
    secrets.setSecret(
      SECRET_ID,
      JSON.stringify({ apps: [{ ...appConfigs(sim.url, [ONE])[0], region: ONE.secretKey }] }),
    );
    try {
      const error = await handlerWith()({}, context()).catch((e: unknown) => e);
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
    const error = await handlerWith()({}, context()).catch((e: unknown) => e);

    const everything = `${output.join('')}\n${String(error)}\n${JSON.stringify(error)}\n${(error as Error).stack}`;
    expect(logged('getappinfo attempt failed, retrying')).toHaveLength(1);
    expect(sim.requests).toHaveLength(3);
    for (const request of sim.requests) {
      expect(request.query.usersig?.length).toBeGreaterThan(20);
      expect(everything).not.toContain(request.query.usersig);
    }
    for (const app of TEST_APPS) expect(everything).not.toContain(app.secretKey);
  });
});
