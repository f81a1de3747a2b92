/**
 * The Lambda handler with real SDK clients pointed at a local S3 and Secrets Manager, and the
 * simulator; built with `createSnapshotHandler`, so no test touches `process.env`.
 * (test/handler.test.ts runs the deployed bundle with its environment.)
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsClients, destroyAwsClients } from '../../functions/aws/clients.js';
import { dated, dayIn } from '../../functions/core/dates.js';
import {
  APP_METRICS_NAMESPACE,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../../functions/core/metric-names.js';
import { getAppInfoAgent } from '../../functions/getappinfo/agent.js';
import {
  createSnapshotHandler,
  type HandlerDeps,
} from '../../functions/lambda/snapshot-handler.js';
import { type LambdaConfig, parseLambdaEnv } from '../../functions/settings/lambda-config.js';
import {
  reportedDays,
  type SimulatedApp,
  simulatedDay,
  simulatedResult,
} from '../../simulator/data.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { localS3ClientConfig, type RunningS3, startS3 } from '../../tools/harness/s3-server.js';
import {
  type RunningSecretsManager,
  startSecretsManager,
} from '../../tools/harness/secrets-manager-server.js';
import { type RunningSns, startSns } from '../../tools/harness/sns-server.js';
import { type StalledServer, startStalledServer } from '../../tools/harness/stalled-server.js';
import { type RunningWebhooks, startWebhooks } from '../../tools/harness/webhook-server.js';
import {
  appConfigs,
  expectedNdjson,
  FAST_CLIENT,
  hasUnsafeText,
  listKeys,
  readObject,
  TEST_APPS,
} from '../support/fixtures.js';

const BUCKET = 'opsdata-bucket';
const SECRET_ID = 'chat-opsdata/tencent';
const REGION = 'ap-southeast-1';
const SIM_NOW = new Date();
const [ONE, TWO] = TEST_APPS as [(typeof TEST_APPS)[0], (typeof TEST_APPS)[0]];
const CONFIG: LambdaConfig = parseLambdaEnv({ SECRET_ID, BUCKET_NAME: BUCKET });
const DIGEST_TOPIC = `arn:aws:sns:${REGION}:123456789012:chat-opsdata-digest`;
const DENIED_TOPIC = `arn:aws:sns:${REGION}:123456789012:not-ours`;
const NEWEST = reportedDays(SIM_NOW)[0] ?? '';

/** An app whose active users collapse on the newest day: dau_drop must fire, nothing else. */
const DROP: SimulatedApp = {
  sdkAppId: 1400000199,
  adminIdentifier: 'administrator',
  secretKey: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
  appName: 'Drop <b>& Co</b>',
  company: 'Tests Ltd',
  customize: (row, date) => (date === NEWEST ? { ...row, ActiveUserNum: '10' } : row),
};
const WITH_DROP = 'chat-opsdata/with-drop';

/** An app whose active users and messages up both collapse on the newest day: two anomalies. */
const TWO_DROPS: SimulatedApp = {
  ...DROP,
  sdkAppId: 1400000198,
  appName: 'Two Drops',
  customize: (row, date) =>
    date === NEWEST ? { ...row, ActiveUserNum: '10', UpMsgNum: '10' } : row,
};
const WITH_TWO_DROPS = 'chat-opsdata/with-two-drops';

let sim: RunningSimulator;
let s3: RunningS3;
let secrets: RunningSecretsManager;
let secretsClient: SecretsManagerClient;
let agent: Agent;
let sns: RunningSns;
let snsClient: SNSClient;
let webhooks: RunningWebhooks;
const WITH_NOTIFY = 'chat-opsdata/with-notify';
const FEISHU_SECRET = 'feishu-secret-for-the-handler-test';
const DINGTALK_SECRET = 'SECdingtalk-secret-for-the-handler-test';
const DASHBOARD_URL =
  'https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-southeast-1#dashboards/dashboard/ChatOpsdata-ap-southeast-1';
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
    appMetrics: new Metrics({ namespace: APP_METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    sns: snsClient,
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

interface Emf {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[];
  };
  readonly [key: string]: unknown;
}

/** The EMF documents printed for `namespace`. */
function emf(namespace: string): Emf[] {
  return printed().filter(
    (line): line is Emf =>
      '_aws' in line && (line as Emf)._aws.CloudWatchMetrics[0]?.Namespace === namespace,
  );
}

/** A run metric (namespace ChatOpsdata). */
function metric(name: string): unknown {
  return emf(METRICS_NAMESPACE).find((line) => name in line)?.[name];
}

function logged(message: string): Record<string, unknown>[] {
  return printed().filter((line) => line.message === message);
}

beforeAll(async () => {
  // A frozen service clock keeps the served days stable even if the file runs across midnight.
  sim = await startSimulator({ apps: [...TEST_APPS, DROP, TWO_DROPS], now: () => SIM_NOW });
  s3 = await startS3({ buckets: [BUCKET] });
  secrets = await startSecretsManager({
    secrets: {
      [SECRET_ID]: JSON.stringify({ apps: appConfigs(sim.url, [ONE, TWO]) }),
      [WITH_DROP]: JSON.stringify({ apps: appConfigs(sim.url, [ONE, DROP]) }),
      [WITH_TWO_DROPS]: JSON.stringify({ apps: appConfigs(sim.url, [TWO_DROPS]) }),
    },
    region: REGION,
  });
  secretsClient = new SecretsManagerClient({
    endpoint: secrets.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  agent = new Agent({ keepAliveTimeout: 1_000 });
  sns = await startSns({ topics: [DIGEST_TOPIC, DENIED_TOPIC], denied: [DENIED_TOPIC] });
  webhooks = await startWebhooks({
    feishuSecret: FEISHU_SECRET,
    dingtalkSecret: DINGTALK_SECRET,
    dingtalkKeyword: 'chat-opsdata',
  });
  secrets.setSecret(
    WITH_NOTIFY,
    JSON.stringify({
      apps: appConfigs(sim.url, [ONE, DROP]),
      notify: [
        { kind: 'slack', url: webhooks.url('slack') },
        { kind: 'wecom', url: webhooks.url('wecom') },
        { kind: 'feishu', url: webhooks.url('feishu'), signingSecret: FEISHU_SECRET },
        { kind: 'dingtalk', url: webhooks.url('dingtalk'), signingSecret: DINGTALK_SECRET },
      ],
    }),
  );
  snsClient = new SNSClient({
    endpoint: sns.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  secretsClient.destroy();
  snsClient.destroy();
  await agent.close();
  await Promise.all([sim.close(), s3.close(), secrets.close(), sns.close(), webhooks.close()]);
});

beforeEach(async () => {
  sim.reset();
  webhooks.reset();
  sns.published.length = 0;
  // Every test starts from an empty bucket: a run skips what an earlier run wrote that day.
  const bucket = s3.client();
  for (const key of await listKeys(bucket, BUCKET)) {
    await bucket.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  }
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
    const before = dayIn(new Date(), 'Asia/Shanghai');
    const summary = await handlerWith()({}, ctx);
    const { dt } = summary;

    expect([before, dayIn(new Date(), 'Asia/Shanghai')]).toContain(dt);
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
    expect(metric('AppsNotWritten')).toBe(0);
    expect(metric('RowsWritten')).toBe(60);
    expect(metric('ApiAttempts')).toEqual([1, 1]);
    expect(metric('ApiLatency')).toEqual([expect.any(Number), expect.any(Number)]);
    expect(metric('AnomaliesFound')).toBe(0);
    expect(emf(METRICS_NAMESPACE)).toHaveLength(1);
    expect(emf(METRICS_NAMESPACE)[0]?._aws.CloudWatchMetrics).toEqual([
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
    expect(metric('AppsNotWritten')).toBe(1);
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
      // ONE failed, and TWO (not in the event) has no snapshot for the day in this bucket either.
      expect(metric('AppsNotWritten')).toBe(2);
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

  it("emits each app's figures per day still inside CloudWatch's 14 days, stamped 12:00 Beijing, dimension SdkAppId only", async () => {
    const now = Date.now();
    await handlerWith()({ apps: [ONE.sdkAppId] }, context());
    // Independently of the code: the simulator's days whose 04:00 UTC is at most 14 days (less
    // the hour of margin) old, with the values the simulator sent for them.
    const expected = reportedDays(SIM_NOW)
      .map((d) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`)
      .filter((day) => Date.parse(`${day}T04:00:00Z`) >= now - 14 * 86_400_000 + 3_600_000)
      .sort();
    expect(expected.length).toBeGreaterThanOrEqual(12);
    const days = emf(APP_METRICS_NAMESPACE).filter((doc) => 'ActiveUsers' in doc);
    expect(days.map((doc) => new Date(doc._aws.Timestamp).toISOString())).toEqual(
      expected.map((day) => `${day}T04:00:00.000Z`),
    );
    for (const doc of days) {
      const sent = simulatedDay(
        ONE,
        new Date(doc._aws.Timestamp).toISOString().slice(0, 10).replaceAll('-', ''),
      );
      expect(doc).toMatchObject({
        SdkAppId: String(ONE.sdkAppId),
        ActiveUsers: Number(sent.ActiveUserNum),
        MessagesUp: Number(sent.UpMsgNum),
        MessagesDown: Number(sent.DownMsgNum),
        PeakOnline: Number(sent.MaxOnlineNum),
        NewRegistrations: Number(sent.RegistUserNumOneDay),
        CallbackSuccessRate:
          Math.round((Number(sent.CallBackRsp) / Number(sent.CallBackReq)) * 10_000) / 100,
      });
      expect(doc._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['SdkAppId']]);
      expect(doc).not.toHaveProperty('service');
    }
    expect(emf(APP_METRICS_NAMESPACE).filter((doc) => 'Anomalies' in doc)).toEqual([
      expect.objectContaining({ SdkAppId: String(ONE.sdkAppId), Anomalies: 0 }),
    ]);
  });

  it('logs one WARN line per anomaly with the rule and the numbers, and counts them', async () => {
    const handler = handlerWith({ loadConfig: () => ({ ...CONFIG, secretId: WITH_DROP }) });
    const summary = await handler({}, context());
    expect(summary.ok).toBe(true);
    const sent = simulatedDay(DROP, reportedDays(SIM_NOW)[7] ?? '');
    expect(logged('anomaly found')).toEqual([
      expect.objectContaining({
        level: 'WARN',
        sdkAppId: DROP.sdkAppId,
        rule: 'dau_drop',
        value: 10,
        baseline: Number(sent.ActiveUserNum),
        detail: expect.stringMatching(/^Active users fell to 10 on \w{3} \d{4}-\d\d-\d\d, /),
      }),
    ]);
    expect(metric('AnomaliesFound')).toBe(1);
    const perApp = emf(APP_METRICS_NAMESPACE).filter((doc) => 'Anomalies' in doc);
    expect(perApp.map((doc) => [doc.SdkAppId, doc.Anomalies])).toEqual([
      [String(ONE.sdkAppId), 0],
      [String(DROP.sdkAppId), 1],
    ]);
    const [finished] = logged('snapshot run finished');
    expect(finished?.digests).toEqual([
      expect.objectContaining({ sdkAppId: ONE.sdkAppId, anomalies: [] }),
      expect.objectContaining({
        sdkAppId: DROP.sdkAppId,
        day: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
        anomalies: ['dau_drop'],
        figures: expect.objectContaining({ active_users: [10, expect.any(Number)] }),
      }),
    ]);
  });

  it('publishes one digest e-mail per run to the digest topic, anomalies first, the app name as plain text', async () => {
    sns.published.length = 0;
    const handler = handlerWith({
      loadConfig: () => ({ ...CONFIG, secretId: WITH_DROP, digestTopicArn: DIGEST_TOPIC }),
    });
    const summary = await handler({}, context());
    expect(sns.published).toHaveLength(1);
    const [mail] = sns.published;
    expect(mail?.topicArn).toBe(DIGEST_TOPIC);
    // About the day the figures are for (the newest stat_date), not the run date.
    const day = `${NEWEST.slice(0, 4)}-${NEWEST.slice(4, 6)}-${NEWEST.slice(6)}`; // from YYYYMMDD
    expect(mail?.subject).toBe(`chat-opsdata ${dated(day)}: 1 anomaly (2 apps)`);
    expect(summary.dt).not.toBe(day);
    const text = mail?.message ?? '';
    expect(text.indexOf('ANOMALIES')).toBeGreaterThan(0);
    expect(text.indexOf('ANOMALIES')).toBeLessThan(text.indexOf('Active users  '));
    expect(text).toContain(
      '- 1400000199 Drop <b>& Co</b> (Tests Ltd): Active users fell to 10 on ',
    );
    expect(logged('digest published')).toEqual([
      expect.objectContaining({ topicArn: DIGEST_TOPIC, messageId: expect.any(String) }),
    ]);
  });

  it("logs each app's figures and anomalies on its 'snapshot written' line, for the dashboard's table", async () => {
    const handler = handlerWith({
      loadConfig: () => ({ ...CONFIG, secretId: WITH_DROP }),
    });
    await handler({}, context());
    const drop = logged('snapshot written').find((line) => line.sdkAppId === DROP.sdkAppId);
    expect(drop).toMatchObject({
      appName: DROP.appName,
      anomalies: 1,
      anomalyRules: 'dau_drop',
      figures: { active_users: 10 },
    });
    const figures = (drop?.figures ?? {}) as Record<string, unknown>;
    expect(typeof figures.messages_up).toBe('number');
  });

  it("lists an app's anomaly rules comma-separated on its 'snapshot written' line (docs/deploy.md)", async () => {
    await handlerWith({ loadConfig: () => ({ ...CONFIG, secretId: WITH_TWO_DROPS }) })(
      {},
      context(),
    );
    expect(logged('snapshot written')).toEqual([
      expect.objectContaining({
        sdkAppId: TWO_DROPS.sdkAppId,
        anomalies: 2,
        anomalyRules: 'dau_drop, messages_drop',
      }),
    ]);
  });

  it('links the e-mail to the dashboard and says how to make the report of the bucket', async () => {
    sns.published.length = 0;
    const url =
      'https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-southeast-1#dashboards/dashboard/ChatOpsdata-ap-southeast-1';
    const handler = handlerWith({
      loadConfig: () => ({
        ...CONFIG,
        digestTopicArn: DIGEST_TOPIC,
        dashboardUrl: url,
        region: 'ap-southeast-1',
      }),
    });
    await handler({}, context());
    const lines = (sns.published[0]?.message ?? '').split('\n');
    expect(lines).toContain(`Dashboard: ${url}`);
    expect(lines).toContain(
      `Report:    AWS_REGION=ap-southeast-1 npx chat-opsdata report --bucket ${BUCKET}   (in a clone of chat-opsdata, with the QueryPolicyArn permissions)`,
    );
  });

  it('fails the run after writing every app when the digest cannot be published, so the alarm fires', async () => {
    const handler = handlerWith({
      loadConfig: () => ({ ...CONFIG, digestTopicArn: DENIED_TOPIC }),
    });
    const error = await handler({}, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('DigestPublishError');
    expect((error as Error).message).toMatch(
      /^could not publish the digest to .*:not-ours \(AuthorizationErrorException: .*\) — the snapshots were written; check the function's sns:Publish/,
    );
    expect((error as Error).cause).toMatchObject({ name: 'AuthorizationErrorException' });
    expect(logged('snapshot run finished')[0]).toMatchObject({ failedSteps: ['digest e-mail'] });
    expect(logged('snapshot written')).toHaveLength(2);
    expect(metric('SnapshotsSucceeded')).toBe(2);
  });
});

describe('snapshot handler: the digest in the team chat', () => {
  const notifyConfig = { ...CONFIG, secretId: WITH_NOTIFY, dashboardUrl: DASHBOARD_URL };
  const tokens = () => [
    ...(['slack', 'wecom', 'feishu', 'dingtalk'] as const).map((k) => webhooks.token(k)),
    FEISHU_SECRET,
    DINGTALK_SECRET,
  ];

  it("posts once to each of the secret's webhooks, signed, and every platform takes it", async () => {
    await handlerWith({ loadConfig: () => notifyConfig })({}, context());
    expect(webhooks.posts.map((p) => [p.kind, p.verdict])).toEqual(
      expect.arrayContaining([
        ['slack', 'accepted'],
        ['wecom', 'accepted'],
        ['feishu', 'accepted'],
        ['dingtalk', 'accepted'],
      ]),
    );
    expect(webhooks.posts).toHaveLength(4);
    const wecom = JSON.parse(webhooks.posts.find((p) => p.kind === 'wecom')?.body ?? '{}');
    const content = wecom.markdown.content as string;
    // Trouble first: DROP's dau_drop sentence comes before the app lines, with the link last.
    expect(content.indexOf('ANOMALY')).toBeLessThan(content.indexOf('Test One'));
    expect(content).toMatch(/Active users fell to 10 on /);
    expect(content).toContain(`[Open the dashboard](${DASHBOARD_URL})`);
    expect(content).toContain('Drop ‹b›＆ Co‹/b›');
  });

  it('logs one line per webhook with its URL redacted, and no token or secret anywhere', async () => {
    await handlerWith({ loadConfig: () => notifyConfig })({}, context());
    expect(logged('chat digest posted')).toEqual(
      ['slack', 'wecom', 'feishu', 'dingtalk'].map((kind, i) =>
        expect.objectContaining({
          level: 'INFO',
          webhook: `notify[${i}]`,
          kind,
          url: `${webhooks.base}/…`,
          attempts: 1,
        }),
      ),
    );
    for (const token of tokens()) expect(output.join('')).not.toContain(token);
    expect(metric('NotificationsFailed')).toBeUndefined();
  });

  it('fails the run after writing every app when a webhook refuses, counting it, naming it without its token', async () => {
    webhooks.fail('dingtalk', { body: '{"errcode":310000,"errmsg":"keywords not in content"}' });
    const error = await handlerWith({ loadConfig: () => notifyConfig })({}, context()).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'NotifyError', failed: 1 });
    expect((error as Error).message).toContain(
      `notify[3] (dingtalk, ${webhooks.base}/…): errcode 310000: keywords not in content`,
    );
    expect(logged('snapshot written')).toHaveLength(2);
    expect(logged('chat digest not posted')).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        webhook: 'notify[3]',
        problem: 'errcode 310000: keywords not in content',
      }),
    ]);
    expect(logged('snapshot run failed')).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ name: 'NotifyError' }) }),
    ]);
    expect(metric('NotificationsFailed')).toBe(1);
    for (const token of tokens()) expect(output.join('')).not.toContain(token);
  });

  it('posts once per dt: a second invocation that day posts nothing and says so', async () => {
    const handler = handlerWith({ loadConfig: () => notifyConfig });
    await handler({}, context());
    expect(webhooks.posts).toHaveLength(4);
    output.length = 0;
    await handler({}, context());
    expect(webhooks.posts).toHaveLength(4);
    expect(logged('chat digest already sent for this dt')).toHaveLength(1);
    expect(metric('DayIncomplete')).toBe(0);
  });

  it('keeps the day incomplete when a post failed: a retry posts nothing again and fails the same step', async () => {
    webhooks.fail('dingtalk', { body: '{"errcode":310000,"errmsg":"keywords not in content"}' });
    const handler = handlerWith({ loadConfig: () => notifyConfig });
    await handler({}, context()).catch(() => undefined);
    expect(metric('DayIncomplete')).toBe(1);
    const posted = webhooks.posts.length;
    output.length = 0;
    // Lambda's retry: every app is done, the chat digest was claimed and failed.
    const error = await handler({}, context()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NotSentEarlierError' });
    expect(webhooks.posts).toHaveLength(posted);
    expect(logged('snapshot run finished')).toEqual([
      expect.objectContaining({ notWritten: [], failedSteps: ['chat digest'] }),
    ]);
    expect(metric('DayIncomplete')).toBe(1);
    expect(metric('AppsNotWritten')).toBe(0);
  });

  it('posts a failed chat digest on {"force": true} after the fix, to that webhook only, completing the day', async () => {
    webhooks.fail('dingtalk', { body: '{"errcode":310000,"errmsg":"keywords not in content"}' });
    const handler = handlerWith({ loadConfig: () => notifyConfig });
    await handler({}, context()).catch(() => undefined);
    expect(webhooks.posts).toHaveLength(4);
    webhooks.reset();
    output.length = 0;
    await handler({ force: true }, context());
    // Only DingTalk, which did not take it: the others are not sent the message twice.
    expect(webhooks.posts.map((p) => [p.kind, p.verdict])).toEqual([['dingtalk', 'accepted']]);
    expect(metric('DayIncomplete')).toBe(0);
    output.length = 0;
    await handler({}, context());
    expect(webhooks.posts).toHaveLength(1);
    expect(logged('chat digest already sent for this dt')).toHaveLength(1);
  });

  it('posts nothing, and takes no claim, for a secret without webhooks', async () => {
    await handlerWith()({}, context());
    expect(webhooks.posts).toEqual([]);
    const keys = await listKeys(s3.client(), BUCKET);
    expect(keys.some((key) => /\/notify-[0-9a-f]{16}\.sent$/.test(key))).toBe(false);
    expect(keys.some((key) => key.endsWith('.done'))).toBe(true);
  });
});

describe('snapshot handler logs, as docs/deploy.md lists them', () => {
  it('says when a run starts and finishes, every line with the run id and the Lambda context', async () => {
    const ctx = context();
    const logger = new Logger({ serviceName: SERVICE_NAME });
    const summary = await handlerWith({ logger })({}, ctx);
    const lambda = { runId: ctx.awsRequestId, function_request_id: ctx.awsRequestId };
    expect(logged('snapshot run started')).toEqual([
      expect.objectContaining({
        level: 'INFO',
        apps: [ONE.sdkAppId, TWO.sdkAppId],
        prefix: 'getappinfo',
        ...lambda,
      }),
    ]);
    expect(logged('snapshot run finished')).toEqual([
      expect.objectContaining({ level: 'INFO', dt: summary.dt, apps: 2, ...lambda }),
    ]);
    // The run id belongs to that invocation only.
    logger.info('after the invocation');
    expect(logged('after the invocation')[0]).not.toHaveProperty('runId');
  });
});

describe('snapshot handler across retries: a day is written once', () => {
  const withDigest = () =>
    handlerWith({ loadConfig: () => ({ ...CONFIG, digestTopicArn: DIGEST_TOPIC }) });

  it('retries only the app that failed, counts each app once, sends one digest e-mail, and ends with the day complete', async () => {
    // Attempt 1: TWO fails every attempt, so the run throws and Lambda retries the event.
    sim.inject({
      kind: 'http',
      status: 502,
      sdkAppId: TWO.sdkAppId,
      times: FAST_CLIENT.maxAttempts,
    });
    const first = await withDigest()({}, context()).catch((e: unknown) => e);
    expect(first).toMatchObject({ name: 'RunFailedError', failedApps: [TWO.sdkAppId] });
    expect(metric('SnapshotsSucceeded')).toBe(1);
    expect(metric('AppsNotWritten')).toBe(1);
    expect(logged('snapshot run finished')[0]).toMatchObject({ notWritten: [TWO.sdkAppId] });
    expect(sns.published).toHaveLength(1);
    expect(sns.published[0]?.message).toContain(`- ${TWO.sdkAppId}: getappinfo for app`);
    // The first run of the day skips nothing and sends the e-mail: it says neither.
    expect(logged('already written, skipped')).toEqual([]);
    expect(logged('digest already sent for this run date')).toEqual([]);

    // Attempt 2, the same event: ONE is skipped (no call, no write), TWO is written.
    sim.reset();
    output = [];
    const oneRows = await readObject(
      s3.client(),
      BUCKET,
      `getappinfo/dt=${NEWEST_DT()}/${ONE.sdkAppId}.json`,
    );
    const second = await withDigest()({}, context());
    expect(sim.requests.map((r) => r.sdkAppId)).toEqual([TWO.sdkAppId]);
    expect(second).toMatchObject({ ok: true, notWritten: [] });
    expect(second.skipped.map((a) => a.sdkAppId)).toEqual([ONE.sdkAppId]);
    expect(
      (await readObject(s3.client(), BUCKET, `getappinfo/dt=${second.dt}/${ONE.sdkAppId}.json`))
        .body,
    ).toBe(oneRows.body);
    expect(metric('SnapshotsSucceeded')).toBe(1);
    expect(metric('AppsNotWritten')).toBe(0);
    expect(metric('ApiAttempts')).toBe(1);
    expect(logged('already written, skipped')).toEqual([
      expect.objectContaining({ level: 'INFO', sdkAppIds: [ONE.sdkAppId] }),
    ]);
    // One e-mail a day: the retry does not send it again.
    expect(sns.published).toHaveLength(1);
    expect(logged('digest already sent for this run date')).toEqual([
      expect.objectContaining({ level: 'INFO', dt: second.dt, topicArn: DIGEST_TOPIC }),
    ]);

    // A third invocation the same day does nothing at all, and says the day is complete.
    sim.reset();
    output = [];
    const third = await withDigest()({}, context());
    expect(sim.requests).toEqual([]);
    expect(third.skipped).toHaveLength(2);
    expect(metric('SnapshotsSucceeded')).toBe(0);
    expect(metric('AppsNotWritten')).toBe(0);
    expect(sns.published).toHaveLength(1);
  });

  it('replaces the day with {"force": true}, still without a second e-mail', async () => {
    await withDigest()({}, context());
    sim.reset();
    output = [];
    const forced = await withDigest()({ force: true }, context());
    expect(sim.requests.map((r) => r.sdkAppId)).toEqual([ONE.sdkAppId, TWO.sdkAppId]);
    expect(forced).toMatchObject({ ok: true, skipped: [] });
    expect(logged('snapshot run started')[0]).toMatchObject({ force: true });
    expect(metric('SnapshotsSucceeded')).toBe(2);
    expect(sns.published).toHaveLength(1);
  });

  it('refuses a force that is not true or false, naming event.force', async () => {
    await expect(handlerWith()({ force: 'yes' }, context())).rejects.toMatchObject({
      name: 'ConfigError',
      field: 'event.force',
    });
    expect(sim.requests).toEqual([]);
  });

  it('counts the whole day in a run of a subset: the app repaired by hand completes it', async () => {
    sim.inject({ kind: 'error', errorCode: 70020, sdkAppId: TWO.sdkAppId });
    await handlerWith()({}, context()).catch(() => undefined);
    output = [];
    const repaired = await handlerWith()({ apps: [TWO.sdkAppId] }, context());
    expect(repaired).toMatchObject({ ok: true, notWritten: [] });
    expect(metric('AppsNotWritten')).toBe(0);
  });

  it('tells the failure alarm when a run cannot even read its configuration', async () => {
    const handler = handlerWith({ loadConfig: () => parseLambdaEnv({ BUCKET_NAME: BUCKET }) });
    await expect(handler({}, context())).rejects.toMatchObject({ name: 'ConfigError' });
    expect(metric('AppsNotWritten')).toBe(1);
  });
});

/** The run date as the handler computes it (the tests here never run across Beijing midnight). */
const NEWEST_DT = () => dayIn(new Date(), 'Asia/Shanghai');

describe('snapshot handler: every call ends before the deadline', () => {
  let stalled: StalledServer;
  beforeAll(async () => {
    stalled = await startStalledServer();
  });
  afterAll(async () => {
    await stalled.close();
  });

  /** Clients as handler.ts builds them (timeouts included), pointed at the local servers. */
  const deployedClients = (stall: 's3' | 'secretsManager' | 'sns' | 'none') => {
    const local = { region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    return awsClients({
      s3:
        stall === 's3'
          ? { ...localS3ClientConfig(stalled.httpUrl) }
          : localS3ClientConfig(s3.endpoint),
      secretsManager: {
        ...local,
        endpoint: stall === 'secretsManager' ? stalled.httpUrl : secrets.endpoint,
      },
      sns: { ...local, endpoint: stall === 'sns' ? stalled.httpUrl : sns.endpoint },
    });
  };

  /** Runs the handler with `remainingMs` and says how long it took, what it threw, what it printed. */
  async function stalledRun(
    stall: 's3' | 'secretsManager' | 'sns' | 'none',
    remainingMs: number,
    overrides: Partial<HandlerDeps> = {},
  ) {
    const clients = deployedClients(stall);
    const started = Date.now();
    try {
      const error = await handlerWith({ ...clients, ...overrides })({}, context(remainingMs)).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      return { ms: Date.now() - started, error };
    } finally {
      destroyAwsClients(clients);
    }
  }

  /** The handler returned before Lambda's timeout, said so in its log and flushed its metrics. */
  function endedCleanly(ms: number, remainingMs: number) {
    expect(ms).toBeLessThan(remainingMs);
    expect(logged('snapshot run failed')).toHaveLength(1);
    expect(metric('AppsNotWritten')).toBeGreaterThanOrEqual(1);
  }

  it('returns before the deadline when Secrets Manager takes the request and never answers', async () => {
    const { ms, error } = await stalledRun('secretsManager', 4_000);
    endedCleanly(ms, 4_000);
    // Cut by the run's signal, a second before the end, not by the SDK's 10 s request timeout.
    expect(ms).toBeGreaterThanOrEqual(2_900);
    expect(error?.message).toBe(
      `could not read secret ${SECRET_ID} in ${REGION}: Secrets Manager did not answer before the run's deadline — check the network path to it (a VPC endpoint, a NAT, a proxy)`,
    );
    expect(stalled.connections()).toBeGreaterThan(0);
  });

  it('returns before the deadline when S3 never answers, failing every app by name', async () => {
    const { ms, error } = await stalledRun('s3', 6_000);
    endedCleanly(ms, 6_000);
    expect(error).toMatchObject({
      name: 'RunFailedError',
      failedApps: [ONE.sdkAppId, TWO.sdkAppId],
    });
    expect(error?.message).toMatch(/no answer before the run's deadline \(the call was cut\)/);
    expect(logged('snapshot run finished')[0]).toMatchObject({
      notWritten: [ONE.sdkAppId, TWO.sdkAppId],
    });
    expect(metric('AppsNotWritten')).toBe(2);
  });

  it('returns before the deadline when SNS never answers the digest, after writing every app', async () => {
    // 7 s left: 2 s for getappinfo (5 s kept back for the writes and the steps after them).
    const { ms, error } = await stalledRun('sns', 7_000, {
      loadConfig: () => ({ ...CONFIG, digestTopicArn: DIGEST_TOPIC }),
    });
    expect(ms).toBeLessThan(7_000);
    expect(ms).toBeGreaterThanOrEqual(5_900);
    expect(error).toMatchObject({ name: 'DigestPublishError' });
    expect(error?.message).toMatch(/no answer before the run's deadline/);
    expect(logged('snapshot run finished')[0]).toMatchObject({ ok: true, notWritten: [] });
    expect(logged('snapshot run failed')).toHaveLength(1);
    expect(metric('SnapshotsSucceeded')).toBe(2);
    expect(metric('AppsNotWritten')).toBe(0);
  });

  it('returns before the deadline when a chat webhook takes the post and never answers, after writing every app', async () => {
    const stalledChat = 'chat-opsdata/stalled-chat';
    secrets.setSecret(
      stalledChat,
      JSON.stringify({
        apps: appConfigs(sim.url, [ONE, TWO]),
        notify: [{ kind: 'slack', url: `${stalled.httpUrl}/services/T0/B0/stalled` }],
      }),
    );
    // 7 s left: 2 s for getappinfo (5 s kept back), and the post may use the time kept for the
    // writes, up to a second before the end.
    const { ms, error } = await stalledRun('none', 7_000, {
      loadConfig: () => ({ ...CONFIG, secretId: stalledChat }),
    });
    expect(ms).toBeLessThan(7_000);
    expect(ms).toBeGreaterThanOrEqual(5_900);
    expect(error).toMatchObject({ name: 'NotifyError' });
    expect(logged('snapshot run failed')).toHaveLength(1);
    expect(logged('snapshot run finished')[0]).toMatchObject({
      notWritten: [],
      failedSteps: ['chat digest'],
    });
    expect(metric('SnapshotsSucceeded')).toBe(2);
  });

  it('returns before the deadline when getappinfo’s TLS handshake never completes, saying how long each attempt waited', async () => {
    const tls = 'chat-opsdata/stalled-tls';
    secrets.setSecret(
      tls,
      JSON.stringify({
        apps: [{ ...appConfigs(stalled.httpsUrl, [ONE])[0] }, ...appConfigs(sim.url, [TWO])],
      }),
    );
    const agent = getAppInfoAgent();
    try {
      // 8 s left: 3 s for getappinfo (5 s kept back), attempts of at most 2 s each.
      const { ms, error } = await stalledRun('none', 8_000, {
        dispatcher: agent,
        loadConfig: () => ({ ...CONFIG, secretId: tls }),
      });
      endedCleanly(ms, 8_000);
      expect(ms).toBeLessThan(4_500);
      expect(error).toMatchObject({ name: 'RunFailedError', failedApps: [ONE.sdkAppId] });
      const [failed] = logged('snapshot failed');
      const message = String((failed?.error as { message?: string })?.message);
      const [, waited, limit] =
        /timed out after (\d+) ms \(its limit: (\d+) ms\)/.exec(message) ?? [];
      expect(Number(waited)).toBeGreaterThanOrEqual(Number(limit));
      expect(Number(waited) - Number(limit)).toBeLessThan(500);
      expect(failed).toMatchObject({ error: { gaveUp: 'deadline' } });
      expect(logged('snapshot written').map((line) => line.sdkAppId)).toEqual([TWO.sdkAppId]);
    } finally {
      await agent.destroy();
    }
  });
});

describe('snapshot handler: answers nothing can break', () => {
  /** What the handler threw (each of these runs must fail). */
  const thrown = (run: Promise<unknown>) =>
    run.then(
      () => {
        throw new Error('expected the run to fail');
      },
      (e: unknown) => e as Error,
    );

  it('fails only the app whose answer spans 0001-01-01 to 9999-12-31, at once, in a short log', async () => {
    sim.inject({
      kind: 'garbage',
      sdkAppId: ONE.sdkAppId,
      body: '{"ErrorCode":0,"Result":[{"Date":"00010101"},{"Date":"99991231"}]}',
    });
    const error = await thrown(handlerWith()({}, context()));
    expect(error).toMatchObject({ name: 'RunFailedError', failedApps: [ONE.sdkAppId] });
    expect(logged('snapshot failed')[0]).toMatchObject({
      attempts: 1,
      error: {
        name: 'ResponseFormatError',
        gaveUp: 'permanent',
        message: expect.stringMatching(/Result\[0\] with Date 00010101, which is before /),
      },
    });
    expect(logged('snapshot written').map((line) => line.sdkAppId)).toEqual([TWO.sdkAppId]);
    // It used to log 45 MiB (3.65 M missing days) and peak at 777 MB.
    expect(output.join('').length).toBeLessThan(100_000);
  });

  it('fails only the app whose answer holds a future day, naming it: the digest never looks at 2099', async () => {
    const days = simulatedResult(ONE, SIM_NOW);
    sim.inject({
      kind: 'garbage',
      sdkAppId: ONE.sdkAppId,
      body: JSON.stringify({ ErrorCode: 0, Result: [...days, { ...days[0], Date: '20990101' }] }),
    });
    const error = await thrown(handlerWith()({}, context()));
    expect(error?.message).toMatch(
      /Result\[30\] with Date 20990101, which is after \d{4}-\d\d-\d\d, the API's current day/,
    );
  });

  it('shows an ErrorInfo full of terminal escapes, line breaks and bidi controls as one safe line everywhere', async () => {
    sim.inject({
      kind: 'error',
      sdkAppId: ONE.sdkAppId,
      errorCode: 91234,
      errorInfo: 'bad\u001b[2J\u001b]0;owned\u0007\r\n  ok     1400009999  forged\u202e',
    });
    const handler = handlerWith({
      loadConfig: () => ({ ...CONFIG, digestTopicArn: DIGEST_TOPIC }),
    });
    const error = await thrown(handler({}, context()));
    const expected =
      'getappinfo failed for app 1400000101: 91234 bad ok     1400009999  forged\uFFFD';
    expect(error?.message).toContain(expected);
    expect(hasUnsafeText(error?.message ?? '')).toBe(false);
    const failed = logged('snapshot failed')[0]?.error as { message: string };
    expect(failed.message).toBe(expected);
    expect(sns.published[0]?.message).toContain(`- ${ONE.sdkAppId}: ${expected}\n`);
    expect(hasUnsafeText(sns.published[0]?.message ?? '')).toBe(false);
  });

  it('never lets the UserSig out when the server echoes the request in ErrorInfo, in any encoding', async () => {
    sim.inject({
      kind: 'echo',
      sdkAppId: ONE.sdkAppId,
      errorCode: 70009,
      errorInfo: ({ url, query }) => {
        const sig = query.usersig ?? '';
        return [
          url,
          `usersig%3D${encodeURIComponent(sig).replaceAll('*', '%2A')}`,
          `usersig\\u003d${sig}`,
          `{"usersig":"${sig}"}`,
          `usersig=&quot;${sig}&quot;`,
          `bare ${sig}`,
        ].join(' | ');
      },
    });
    const error = await thrown(handlerWith()({}, context()));
    const sig = sim.requests.find((r) => r.sdkAppId === ONE.sdkAppId)?.query.usersig ?? '';
    expect(sig.length).toBeGreaterThan(20);
    const everything = `${output.join('')}\n${error?.message}\n${JSON.stringify(error)}\n${error?.stack}`;
    expect(everything).not.toContain(sig);
    expect(everything).not.toContain(sig.replaceAll('*', '%2A'));
    expect(everything).not.toContain(sig.slice(0, 16));
    expect(error?.message).toContain('REDACTED');
  });
});
