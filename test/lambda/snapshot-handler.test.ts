/**
 * The Lambda handler with real SDK clients pointed at a local S3 and Secrets Manager, and the
 * simulator; built with `createSnapshotHandler`, so no test touches `process.env`.
 * (test/handler.test.ts runs the deployed bundle with its environment.)
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dated, dayIn } from '../../functions/core/dates.js';
import {
  APP_METRICS_NAMESPACE,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../../functions/core/metric-names.js';
import {
  createSnapshotHandler,
  type HandlerDeps,
} from '../../functions/lambda/snapshot-handler.js';
import { type LambdaConfig, parseLambdaEnv } from '../../functions/settings/lambda-config.js';
import { reportedDays, type SimulatedApp, simulatedDay } from '../../simulator/data.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { type RunningS3, startS3 } from '../../tools/harness/s3-server.js';
import {
  type RunningSecretsManager,
  startSecretsManager,
} from '../../tools/harness/secrets-manager-server.js';
import { type RunningSns, startSns } from '../../tools/harness/sns-server.js';
import { type RunningWebhooks, startWebhooks } from '../../tools/harness/webhook-server.js';
import {
  appConfigs,
  expectedNdjson,
  FAST_CLIENT,
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
  sim = await startSimulator({ apps: [...TEST_APPS, DROP], now: () => SIM_NOW });
  s3 = await startS3({ buckets: [BUCKET] });
  secrets = await startSecretsManager({
    secrets: {
      [SECRET_ID]: JSON.stringify({ apps: appConfigs(sim.url, [ONE, TWO]) }),
      [WITH_DROP]: JSON.stringify({ apps: appConfigs(sim.url, [ONE, DROP]) }),
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

beforeEach(() => {
  sim.reset();
  webhooks.reset();
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
    expect(metric('SnapshotsFailed')).toBe(0);
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

  it('posts nothing when the dt was already claimed by an earlier invocation', async () => {
    const claims: string[] = [];
    const claimOnce = async (what: string) => {
      claims.push(what);
      return false;
    };
    await handlerWith({ loadConfig: () => notifyConfig, claimOnce })({}, context());
    expect(claims).toEqual(['notify']);
    expect(webhooks.posts).toEqual([]);
    expect(logged('chat digest already sent for this dt')).toHaveLength(1);
  });

  it('posts nothing, and asks no claim, for a secret without webhooks', async () => {
    const claimOnce = async () => {
      throw new Error('no claim expected');
    };
    await handlerWith({ claimOnce })({}, context());
    expect(webhooks.posts).toEqual([]);
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
