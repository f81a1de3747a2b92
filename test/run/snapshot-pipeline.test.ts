import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { s3Store } from '../../functions/aws/s3-store.js';
import { dayIn, monthOf } from '../../functions/core/dates.js';
import { toDatedNdjson } from '../../functions/core/opsdata-rows.js';
import { decodeUserSig } from '../../functions/getappinfo/usersig.js';
import { dirStore } from '../../functions/local/dir-store.js';
import {
  type AppFailure,
  type AppResult,
  type RunInput,
  takeSnapshots,
} from '../../functions/run/snapshot-pipeline.js';
import type { SnapshotStore } from '../../functions/run/snapshot-store.js';
import { defaultRunSettings, type RunSettings } from '../../functions/settings/settings.js';
import { reportedDays, simulatedResult } from '../../simulator/data.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { reportRow } from '../../tools/harness/report-fixture.js';
import { type RunningS3, startFailingS3, startS3 } from '../../tools/harness/s3-server.js';
import {
  appConfigs,
  expectedNdjson,
  FAST_CLIENT,
  listKeys,
  readObject,
  TEST_APPS,
} from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const BUCKET = 'snapshots';
// The simulator checks UserSig expiry against its clock, so it runs near real time; freezing it
// keeps the data and the run date stable for the whole file.
const NOW = new Date();
const DT = dayIn(NOW, 'Asia/Shanghai');
const WIRE_DAYS = reportedDays(NOW);
const DAYS = WIRE_DAYS.map((d) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`);
/** The months of the 30 days a run holds: one or two month objects per app (three around February). */
const MONTHS = [...new Set(DAYS.map(monthOf))].sort();
const monthKeys = (sdkAppId: number) =>
  MONTHS.map((month) => `days/getappinfo/month=${month}/${sdkAppId}.json`);

/**
 * A month object as it must be after one run, built from the snapshot's own text: its lines of
 * that month, oldest day first, each with `"dt":"<run date>"` as its last key.
 */
function expectedMonth(snapshot: string, month: string, dt: string): string {
  return snapshot
    .trimEnd()
    .split('\n')
    .filter((line) => line.includes(`"stat_date":"${month}-`))
    .sort((a, b) =>
      (/"stat_date":"([^"]+)"/.exec(a)?.[1] ?? '').localeCompare(
        /"stat_date":"([^"]+)"/.exec(b)?.[1] ?? '',
      ),
    )
    .map((line) => `${line.slice(0, -1)},"dt":"${dt}"}\n`)
    .join('');
}
const [ONE, TWO, THREE] = TEST_APPS as [
  (typeof TEST_APPS)[0],
  (typeof TEST_APPS)[0],
  (typeof TEST_APPS)[0],
];

let sim: RunningSimulator;
let s3: RunningS3;
let client: S3Client;

beforeAll(async () => {
  sim = await startSimulator({ apps: TEST_APPS, now: () => NOW });
  s3 = await startS3({ buckets: [BUCKET] });
  client = s3.client();
});

afterAll(async () => {
  await sim.close();
  await s3.close();
});

beforeEach(() => {
  sim.reset();
});

afterEach(async () => {
  for (const key of await listKeys(client, BUCKET)) {
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  }
});

/** The failure of an app that must have failed. */
function failureOf(app: AppResult | undefined): AppFailure {
  if (app === undefined || app.ok)
    throw new Error(`expected a failed app, got ${JSON.stringify(app)}`);
  return app.error;
}

function run(overrides: Partial<RunInput> = {}, settings: Partial<RunSettings> = {}) {
  return takeSnapshots({
    apps: appConfigs(sim.url, [ONE]),
    store: s3Store(client, BUCKET),
    settings: { ...defaultRunSettings(), timeZone: 'Asia/Shanghai', ...settings },
    runId: 'run-test',
    now: NOW,
    deadline: Date.now() + 20_000,
    client: FAST_CLIENT,
    ...overrides,
  });
}

/** The same run into a local folder (the CLI's store). */
async function runIntoFolder(
  overrides: Partial<RunInput> = {},
  settings: Partial<RunSettings> = {},
) {
  return takeSnapshots({
    apps: appConfigs(sim.url, [ONE]),
    store: dirStore(await tempDir('pipeline')),
    settings: { ...defaultRunSettings(), timeZone: 'UTC', ...settings },
    runId: 'run-test',
    now: new Date(),
    deadline: Date.now() + 20_000,
    client: FAST_CLIENT,
    ...overrides,
  });
}

describe('takeSnapshots through the simulator and a local S3', () => {
  it('writes the raw body byte for byte and the typed rows for one app', async () => {
    const summary = await run();
    expect(summary).toMatchObject({ ok: true, dt: DT, runId: 'run-test' });
    expect(summary.apps).toEqual([
      expect.objectContaining({
        sdkAppId: ONE.sdkAppId,
        ok: true,
        rows: 30,
        attempts: 1,
        days: { from: DAYS.at(-1), to: DAYS[0] },
        written: [
          `s3://${BUCKET}/raw/getappinfo/dt=${DT}/1400000101.json`,
          `s3://${BUCKET}/getappinfo/dt=${DT}/1400000101.json`,
          ...monthKeys(ONE.sdkAppId).map((key) => `s3://${BUCKET}/${key}`),
        ],
      }),
    ]);
    const raw = await readObject(client, BUCKET, `raw/getappinfo/dt=${DT}/1400000101.json`);
    expect(raw.contentType).toBe('application/json');
    expect(raw.body).toBe(
      JSON.stringify({ ErrorCode: 0, ErrorInfo: 'OK', Result: simulatedResult(ONE, NOW) }),
    );
    const rows = await readObject(client, BUCKET, `getappinfo/dt=${DT}/1400000101.json`);
    expect(rows.contentType).toBe('application/x-ndjson');
    expect(rows.body).toBe(expectedNdjson(ONE, NOW, 'run-test'));
    expect(rows.body?.trimEnd().split('\n')).toHaveLength(30);
  });

  it('merges the rows into one object per month of stat_date, oldest day first, with their dt', async () => {
    await run();
    const snapshot = expectedNdjson(ONE, NOW, 'run-test');
    let lines = 0;
    for (const [i, key] of monthKeys(ONE.sdkAppId).entries()) {
      const month = await readObject(client, BUCKET, key);
      expect(month.contentType).toBe('application/x-ndjson');
      expect(month.body).toBe(expectedMonth(snapshot, MONTHS[i] ?? '', DT));
      lines += month.body?.trimEnd().split('\n').length ?? 0;
    }
    expect(lines).toBe(30);
  });

  it('merges into the month objects there: a day this answer lacks keeps its older line', async () => {
    const month = monthOf(DAYS[5] ?? '');
    const key = `days/getappinfo/month=${month}/1400000101.json`;
    // An older run's lines for two days of that month, one of which today's answer leaves out.
    const older = [DAYS[6], DAYS[5]].map((day) => ({
      ...reportRow({ stat_date: day ?? '', app_id: BigInt(ONE.sdkAppId), run_id: 'run-older' }),
      dt: '2026-01-01',
    }));
    await s3Store(client, BUCKET).put(key, toDatedNdjson(older), 'application/x-ndjson');
    const result = simulatedResult(ONE, NOW).filter((d) => d.Date !== DAYS[5]?.replaceAll('-', ''));
    sim.inject({
      kind: 'garbage',
      body: JSON.stringify({ ErrorCode: 0, ErrorInfo: 'OK', Result: result }),
    });
    const summary = await run();
    expect(summary.apps[0]).toMatchObject({ ok: true, rows: 29 });
    const lines = (await readObject(client, BUCKET, key)).body?.trimEnd().split('\n') ?? [];
    const byDay = new Map(lines.map((l) => [/"stat_date":"([^"]+)"/.exec(l)?.[1], l]));
    expect(byDay.get(DAYS[5])).toContain('"run_id":"run-older"');
    expect(byDay.get(DAYS[5])).toContain('"dt":"2026-01-01"');
    expect(byDay.get(DAYS[6])).toContain(`"run_id":"run-test","schema_version":1,"dt":"${DT}"}`);
    expect(lines).toHaveLength(DAYS.filter((d) => monthOf(d) === month).length);
  });

  it('sends the documented request: query parameters and an empty body for all fields', async () => {
    await run();
    expect(sim.requests).toHaveLength(1);
    const [request] = sim.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v4/openconfigsvr/getappinfo');
    expect(request?.rawBody).toBe('{}');
    expect(Object.keys(request?.query ?? {}).sort()).toEqual(
      ['contenttype', 'identifier', 'random', 'sdkappid', 'usersig'].sort(),
    );
    expect(request?.query).toMatchObject({
      sdkappid: '1400000101',
      identifier: 'administrator',
      contenttype: 'json',
    });
    expect(Number(request?.query.random)).toBeGreaterThanOrEqual(0);
    expect(Number(request?.query.random)).toBeLessThanOrEqual(4294967295);
    expect(request?.outcome).toBe(0);
  });

  it('writes every app of a multi-app secret, each under its own key', async () => {
    const summary = await run({ apps: appConfigs(sim.url) });
    expect(summary.ok).toBe(true);
    expect(await listKeys(client, BUCKET)).toEqual(
      [
        ...TEST_APPS.map((a) => `days/getappinfo/runs/dt=${DT}/${a.sdkAppId}.done`),
        ...TEST_APPS.map((a) => `getappinfo/dt=${DT}/${a.sdkAppId}.json`),
        ...TEST_APPS.map((a) => `raw/getappinfo/dt=${DT}/${a.sdkAppId}.json`),
        ...TEST_APPS.flatMap((a) => monthKeys(a.sdkAppId)),
      ].sort(),
    );
    for (const app of TEST_APPS) {
      const rows = await readObject(client, BUCKET, `getappinfo/dt=${DT}/${app.sdkAppId}.json`);
      expect(rows.body).toBe(expectedNdjson(app, NOW, 'run-test'));
    }
  });

  it('keeps values past 2^53 exact, flags a malformed value and keeps unknown fields', async () => {
    await run({ apps: appConfigs(sim.url, [THREE]) });
    const { body } = await readObject(client, BUCKET, `getappinfo/dt=${DT}/1400000103.json`);
    const first = body?.split('\n')[0] ?? '';
    expect(first).toContain('"up_msg_num":9007199254740993,');
    expect(first).toContain('"login_times":null,');
    expect(first).toContain('"invalid_fields":["LoginTimes"]');
    expect(first).toContain('"extra":{"BrandNewNum":"5"}');
  });

  it('asks for a RequestField subset and writes null for the rest', async () => {
    const requestFields = ['ActiveUserNum', 'C2CUpMsgNum', 'Date'];
    await run({}, { requestFields });
    expect(sim.requests[0]?.rawBody).toBe(JSON.stringify({ RequestField: requestFields }));
    const { body } = await readObject(client, BUCKET, `getappinfo/dt=${DT}/1400000101.json`);
    expect(body).toBe(expectedNdjson(ONE, NOW, 'run-test', requestFields));
    const row = JSON.parse(body?.split('\n')[0] ?? '');
    expect(row.active_user_num).toBeTypeOf('number');
    expect(row.c2c_up_msg_num).toBeTypeOf('number');
    expect(row.login_times).toBeNull();
    expect(row.app_name).toBeNull();
  });

  it.each([
    ['HTTP 502', { kind: 'http', status: 502 }],
    ['a connection reset', { kind: 'reset' }],
    ['70169 (internal error)', { kind: 'error', errorCode: 70169 }],
    ['60018 (rate limited)', { kind: 'error', errorCode: 60018 }],
    ['130011 (SQL query error)', { kind: 'error', errorCode: 130011 }],
    ['a truncated body', { kind: 'truncate' }],
    ['half a JSON document', { kind: 'garbage', body: '{"ErrorCode":0,"Result":[{"Da' }],
  ] as const)('retries %s and succeeds on the second attempt', async (_name, fault) => {
    sim.inject(fault);
    const summary = await run();
    expect(summary.apps[0]).toMatchObject({ ok: true, attempts: 2, rows: 30 });
    expect(sim.requests.map((r) => r.outcome)).toEqual([fault.kind, 0]);
    const { body } = await readObject(client, BUCKET, `getappinfo/dt=${DT}/1400000101.json`);
    expect(body).toBe(expectedNdjson(ONE, NOW, 'run-test'));
  });

  it('times out a slow attempt and succeeds on the next one', async () => {
    sim.inject({ kind: 'delay', ms: 1_500 });
    const started = Date.now();
    const summary = await run({ client: { ...FAST_CLIENT, attemptTimeoutMs: 300 } });
    expect(summary.apps[0]).toMatchObject({ ok: true, attempts: 2 });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('signs a new UserSig for the attempt after 70001', async () => {
    sim.inject({ kind: 'error', errorCode: 70001 });
    // Two signatures made within the same second are identical; step the clock so they differ.
    let calls = 0;
    const clock = () => Date.now() + 2_000 * calls++;
    const summary = await run({ client: { ...FAST_CLIENT, clock } });
    expect(summary.apps[0]).toMatchObject({ ok: true, attempts: 2 });
    const [first, second] = sim.requests;
    expect(first?.query.usersig).toBeTruthy();
    expect(second?.query.usersig).not.toBe(first?.query.usersig);
    const signedAt = (sig = '') => decodeUserSig(sig)['TLS.time'];
    expect(signedAt(second?.query.usersig)).toBeGreaterThan(signedAt(first?.query.usersig));
    expect(second?.query.random).not.toBe(first?.query.random);
  });

  it('gives up on a second 70001 in a row and points at the clock', async () => {
    sim.inject({ kind: 'error', errorCode: 70001, times: 3 });
    const summary = await run();
    expect(summary.apps[0]).toMatchObject({ ok: false, attempts: 2 });
    expect(failureOf(summary.apps[0]).hint).toMatch(/clock/);
    expect(sim.requests).toHaveLength(2);
  });

  it('keeps a byte-order mark in the raw body and still parses the rows', async () => {
    const body = `\uFEFF${JSON.stringify({ ErrorCode: 0, ErrorInfo: 'OK', Result: simulatedResult(ONE, NOW) })}`;
    sim.inject({ kind: 'garbage', body });
    const summary = await run();
    expect(summary.apps[0]).toMatchObject({ ok: true, attempts: 1, rows: 30 });
    const raw = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `raw/getappinfo/dt=${DT}/1400000101.json` }),
    );
    const bytes = Buffer.from((await raw.Body?.transformToByteArray()) ?? []);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.equals(Buffer.from(body, 'utf8'))).toBe(true);
  });

  it('fails 70020 fast with the region hint and still writes the other apps', async () => {
    sim.inject({ kind: 'error', errorCode: 70020, sdkAppId: TWO.sdkAppId });
    const summary = await run({ apps: appConfigs(sim.url) });

    expect(summary.ok).toBe(false);
    const failed = summary.apps.find((a) => a.sdkAppId === TWO.sdkAppId);
    expect(failed).toMatchObject({ ok: false, attempts: 1, written: [] });
    expect(failureOf(failed)).toMatchObject({ name: 'GetAppInfoError', errorCode: 70020 });
    expect(failureOf(failed).message).toMatch(
      /^getappinfo failed for app 1400000102: 70020 .* — is "region" right for this app\?/,
    );
    expect(sim.requests.filter((r) => r.sdkAppId === TWO.sdkAppId)).toHaveLength(1);
    expect(await listKeys(client, BUCKET)).toEqual(
      [
        `days/getappinfo/runs/dt=${DT}/1400000101.done`,
        `days/getappinfo/runs/dt=${DT}/1400000103.done`,
        `getappinfo/dt=${DT}/1400000101.json`,
        `getappinfo/dt=${DT}/1400000103.json`,
        `raw/getappinfo/dt=${DT}/1400000101.json`,
        `raw/getappinfo/dt=${DT}/1400000103.json`,
        ...monthKeys(ONE.sdkAppId),
        ...monthKeys(THREE.sdkAppId),
      ].sort(),
    );
    expect(summary.notWritten).toEqual([TWO.sdkAppId]);
  });

  it('gives up after maxAttempts on a body that stays truncated, writing nothing', async () => {
    sim.inject({ kind: 'truncate', times: FAST_CLIENT.maxAttempts });
    const summary = await run();
    expect(summary.apps[0]).toMatchObject({ ok: false, attempts: 4, written: [] });
    expect(failureOf(summary.apps[0]).message).toMatch(
      /^getappinfo for app 1400000101 failed on the network \(/,
    );
    expect(failureOf(summary.apps[0]).gaveUp).toBe('max-attempts');
    expect(await listKeys(client, BUCKET)).toEqual([]);
  });

  it('does not retry a well-formed body of the wrong shape, and names it', async () => {
    sim.inject({ kind: 'garbage', body: '{"ErrorCode":0,"ErrorInfo":"OK","Result":{}}' });
    const summary = await run();
    expect(summary.apps[0]).toMatchObject({ ok: false, attempts: 1 });
    expect(failureOf(summary.apps[0])).toMatchObject({
      name: 'ResponseFormatError',
      message:
        'getappinfo for app 1400000101 returned ErrorCode 0 without a Result array: "{"ErrorCode":0,"ErrorInfo":"OK","Result":{}}"',
    });
  });

  it('starts no retry with less than minAttemptMs (default 1 s) left before the deadline', async () => {
    sim.inject({ kind: 'http', status: 503, times: 100 });
    const summary = await run({ deadline: Date.now() + 900 });
    expect(summary.apps[0]).toMatchObject({ ok: false, attempts: 1 });
    expect(failureOf(summary.apps[0]).message).toMatch(/answered HTTP 503/);
    expect(sim.requests).toHaveLength(1);
  });

  it('stops retrying at the deadline', async () => {
    sim.inject({ kind: 'http', status: 503, times: 100 });
    const summary = await run({
      deadline: Date.now() + 400,
      client: {
        ...FAST_CLIENT,
        maxAttempts: 100,
        backoffBaseMs: 50,
        backoffMaxMs: 50,
        minAttemptMs: 100,
      },
    });
    expect(summary.apps[0]?.ok).toBe(false);
    expect(summary.apps[0]?.attempts).toBeGreaterThan(1);
    // The last attempt had time to get its answer: the error is the server's, not a timeout.
    expect(failureOf(summary.apps[0]).message).toMatch(/HTTP 503/);
    expect(summary.apps[0]?.elapsedMs).toBeLessThan(1_000);
  });

  it('rejects a wrong secretKey through the real signature check, without retrying', async () => {
    const apps = appConfigs(sim.url, [ONE]).map((app) => ({ ...app, secretKey: TWO.secretKey }));
    const summary = await run({ apps });
    expect(summary.apps[0]).toMatchObject({ ok: false, attempts: 1 });
    expect(failureOf(summary.apps[0]).errorCode).toBe(70009);
    expect(failureOf(summary.apps[0]).hint).toMatch(/secretKey/);
  });

  it('rejects an identifier that is not an App admin with that hint', async () => {
    const apps = appConfigs(sim.url, [ONE]).map((app) => ({ ...app, identifier: 'someone' }));
    const summary = await run({ apps });
    expect(failureOf(summary.apps[0]).hint).toMatch(/App admin/);
  });

  it('never puts a UserSig or a secretKey into the summary', async () => {
    sim.inject({ kind: 'error', errorCode: 70009 });
    sim.inject({ kind: 'truncate', times: 10, sdkAppId: TWO.sdkAppId });
    const summary = await run({ apps: appConfigs(sim.url) });
    const text = JSON.stringify(summary);
    // One 70009, four truncated attempts, one success: six signatures to look for.
    expect(sim.requests).toHaveLength(6);
    for (const request of sim.requests) {
      expect(request.query.usersig?.length).toBeGreaterThan(20);
      expect(text).not.toContain(request.query.usersig);
    }
    for (const app of TEST_APPS) expect(text).not.toContain(app.secretKey);
  });
});

describe('takeSnapshots when S3 fails', () => {
  it('fails the app cleanly on S3 500, naming the key, without calling getappinfo when it cannot tell whether the day is written', async () => {
    const failing = await startFailingS3(500);
    try {
      const summary = await run({ store: s3Store(failing.client({ maxAttempts: 1 }), BUCKET) });
      expect(summary.apps[0]).toMatchObject({ ok: false, written: [], attempts: 0 });
      expect(failureOf(summary.apps[0]).name).toBe('StoreError');
      expect(failureOf(summary.apps[0]).message).toContain(
        `could not read s3://${BUCKET}/days/getappinfo/runs/dt=${DT}/1400000101.done`,
      );
      expect(sim.requests).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it('fails the app cleanly when S3 refuses the raw body, naming the key', async () => {
    const failing = await startS3({ buckets: [BUCKET], failPutsTo: /\/raw\// });
    try {
      const summary = await run({ store: s3Store(failing.client({ maxAttempts: 1 }), BUCKET) });
      expect(summary.apps[0]).toMatchObject({ ok: false, written: [], attempts: 1 });
      expect(failureOf(summary.apps[0]).message).toContain(
        `could not write s3://${BUCKET}/raw/getappinfo/dt=${DT}/1400000101.json`,
      );
      expect(await listKeys(failing.client(), BUCKET)).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it('fails the app when the bytes arrive altered, because S3 checks the SHA-256 sent with them', async () => {
    const lossy = await startS3({ buckets: [BUCKET], corruptPutBodies: true });
    try {
      const summary = await run({ store: s3Store(lossy.client({ maxAttempts: 1 }), BUCKET) });
      expect(failureOf(summary.apps[0])).toMatchObject({ name: 'StoreError' });
      expect(failureOf(summary.apps[0]).message).toMatch(/BadDigest/);
      expect(await listKeys(lossy.client(), BUCKET)).toEqual([]);
    } finally {
      await lossy.close();
    }
  });

  it('fails every app cleanly when S3 is down, and the run still returns', async () => {
    const down = await startS3({ buckets: [BUCKET] });
    const downClient = down.client({ maxAttempts: 1 });
    await down.close();
    const summary = await run({ apps: appConfigs(sim.url), store: s3Store(downClient, BUCKET) });
    expect(summary.ok).toBe(false);
    expect(summary.apps.map((a) => failureOf(a).name)).toEqual([
      'StoreError',
      'StoreError',
      'StoreError',
    ]);
  });
});

describe('takeSnapshots: the summary', () => {
  it('times the whole app, which includes the successful attempt', async () => {
    sim.inject({ kind: 'delay', ms: 100 });
    const started = Date.now();
    const [app] = (await runIntoFolder()).apps;
    const elapsed = Date.now() - started;
    if (!app?.ok) throw new Error('expected the app to be written');
    expect(app.latencyMs).toBeGreaterThanOrEqual(90);
    expect(app.elapsedMs).toBeGreaterThanOrEqual(app.latencyMs);
    expect(app.elapsedMs).toBeLessThanOrEqual(elapsed);
  });

  it('writes an answer with no days as an empty snapshot, with no day range', async () => {
    sim.inject({ kind: 'garbage', body: '{"ErrorCode":0,"ErrorInfo":"OK","Result":[]}' });
    const root = await tempDir('pipeline');
    const summary = await runIntoFolder({ store: dirStore(root) });
    expect(summary.ok).toBe(true);
    expect(summary.apps[0]).toMatchObject({ ok: true, rows: 0 });
    expect(summary.apps[0]).not.toHaveProperty('days');
    const rowsFile = summary.apps[0]?.written[1] ?? '';
    expect(rowsFile.startsWith(root)).toBe(true);
    expect(await readFile(rowsFile, 'utf8')).toBe('');
  });

  it('names the app as on its newest day, whatever order the days come in', async () => {
    const day = (date: string, name: string, company: string) => ({
      Date: date,
      AppName: name,
      Company: company,
    });
    sim.inject({
      kind: 'garbage',
      body: JSON.stringify({
        ErrorCode: 0,
        ErrorInfo: 'OK',
        // Days the API would send at the run's time (an answer's days must be recent).
        Result: [
          day(WIRE_DAYS[2] ?? '', 'Old Name', 'Old Co'),
          day(WIRE_DAYS[0] ?? '', 'New Name', 'New Co'),
          day(WIRE_DAYS[1] ?? '', 'Mid Name', 'Mid Co'),
        ],
      }),
    });
    const [app] = (await runIntoFolder({ now: NOW })).apps;
    expect(app).toMatchObject({
      ok: true,
      appName: 'New Name',
      company: 'New Co',
      days: { from: DAYS[2], to: DAYS[0] },
    });
  });

  it('describes a failure without an ErrorCode or hint by its name, message and why it gave up', async () => {
    sim.inject({ kind: 'http', status: 502, times: 2 });
    const [app] = (await runIntoFolder({ client: { ...FAST_CLIENT, maxAttempts: 2 } })).apps;
    expect(app?.ok).toBe(false);
    expect(app && !app.ok && app.error).toStrictEqual({
      name: 'GetAppInfoError',
      message: 'getappinfo for app 1400000101 answered HTTP 502',
      gaveUp: 'max-attempts',
    });
  });

  it('describes an API error with its ErrorCode, hint and why it gave up', async () => {
    sim.inject({ kind: 'error', errorCode: 70020, errorInfo: 'SDKAppID not find' });
    const [app] = (await runIntoFolder()).apps;
    expect(app && !app.ok && app.error).toStrictEqual({
      name: 'GetAppInfoError',
      message: expect.stringMatching(/^getappinfo failed for app 1400000101: 70020 /),
      errorCode: 70020,
      hint: expect.stringMatching(/region/),
      gaveUp: 'permanent',
    });
  });

  it('describes a store failure by its name and message only, keeping what was written', async () => {
    const root = await tempDir('pipeline');
    // A file where the rows' folder should be: the raw body is written, the rows are not.
    await writeFile(join(root, 'getappinfo'), 'not a folder');
    const [app] = (await runIntoFolder({ store: dirStore(root) })).apps;
    expect(app).toMatchObject({ ok: false, attempts: 1 });
    expect(app?.written).toEqual([
      expect.stringMatching(/raw\/getappinfo\/dt=.*\/1400000101\.json$/),
    ]);
    expect(app && !app.ok && app.error).toStrictEqual({
      name: 'StoreError',
      message: expect.stringMatching(/^could not write .*getappinfo.*1400000101\.json \(/),
    });
  });

  it('fails the app when a month object cannot be merged, keeping the snapshot it wrote, not done', async () => {
    const root = await tempDir('pipeline');
    // A file where the folder of the newest month's objects should be.
    await mkdir(join(root, 'days', 'getappinfo'), { recursive: true });
    await writeFile(join(root, 'days', 'getappinfo', `month=${MONTHS.at(-1)}`), 'not a folder');
    const [app] = (await runIntoFolder({ store: dirStore(root), now: NOW })).apps;
    expect(app).toMatchObject({ ok: false, attempts: 1 });
    const dt = app?.written[0]?.match(/dt=([\d-]+)/)?.[1];
    expect(app?.written).toEqual([
      join(root, `raw/getappinfo/dt=${dt}/1400000101.json`),
      join(root, `getappinfo/dt=${dt}/1400000101.json`),
    ]);
    expect(app && !app.ok && app.error).toMatchObject({
      name: 'StoreError',
      message: expect.stringMatching(/days.getappinfo.month=\d{4}-\d{2}.1400000101\.json/),
    });
    // Not done: a retry takes the app again.
    const runs = join(root, 'days', 'getappinfo', 'runs');
    expect(await readdir(runs).catch(() => [])).toEqual([]);
  });

  it('fails the app when its month object is not one, saying how to rebuild it', async () => {
    const root = await tempDir('pipeline');
    const store = dirStore(root);
    const key = `days/getappinfo/month=${MONTHS.at(-1)}/1400000101.json`;
    await store.put(key, '{"not":"a row"}\n', 'application/x-ndjson');
    const [app] = (await runIntoFolder({ store })).apps;
    expect(app).toMatchObject({ ok: false });
    expect(app && !app.ok && app.error.message).toBe(
      `${store.locate(key)} line 1: app_id is missing — the run only merges into month objects it can read: fix or delete it, then \`npm run compact\` rebuilds it from the snapshots`,
    );
    expect(await readFile(store.locate(key), 'utf8')).toBe('{"not":"a row"}\n');
  });

  it('fails only the app whose store throws something that is not an Error', async () => {
    const root = await tempDir('pipeline');
    const inner = dirStore(root);
    const store: SnapshotStore = {
      ...inner,
      put: (key, ...rest) =>
        key.endsWith(`/${TEST_APPS[1]?.sdkAppId}.json`)
          ? Promise.reject('disk on fire')
          : inner.put(key, ...rest),
    };
    const summary = await runIntoFolder({
      apps: appConfigs(sim.url, TEST_APPS.slice(0, 3)),
      store,
    });
    expect(summary.apps.map((a) => a.ok)).toEqual([true, false, true]);
    expect(summary.apps[1] && !summary.apps[1].ok && summary.apps[1].error).toStrictEqual({
      name: 'Error',
      message: 'disk on fire',
    });
  });

  it('fetches one app at a time with concurrency 1', async () => {
    // Every answer is slow, so apps fetched together would all reach the simulator before any write.
    sim.inject({ kind: 'delay', ms: 100, times: 3 });
    const root = await tempDir('pipeline');
    const inner = dirStore(root);
    const requestsAtFirstWrite: number[] = [];
    const store: SnapshotStore = {
      ...inner,
      put: (key, ...rest) => {
        if (key.startsWith('raw/')) requestsAtFirstWrite.push(sim.requests.length);
        return inner.put(key, ...rest);
      },
    };
    const summary = await runIntoFolder({ apps: appConfigs(sim.url), store }, { concurrency: 1 });
    expect(summary.ok).toBe(true);
    expect(requestsAtFirstWrite).toEqual([1, 2, 3]);
  });
});

describe('takeSnapshots on a day already written: retries do only what is left', () => {
  const doneKey = (id: number) => `days/getappinfo/runs/dt=${DT}/${id}.done`;
  const rowsKey = (id: number) => `getappinfo/dt=${DT}/${id}.json`;
  const etags = async () => {
    const out: Record<string, string | undefined> = {};
    for (const key of await listKeys(client, BUCKET)) {
      out[key] = (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).ETag;
    }
    return out;
  };

  it('writes the done marker last, after the raw body, the rows and the month objects', async () => {
    const order: string[] = [];
    const inner = s3Store(client, BUCKET);
    const store: SnapshotStore = {
      ...inner,
      put: (key, body, type, condition) => {
        order.push(key);
        return inner.put(key, body, type, condition);
      },
    };
    await run({ store });
    expect(order).toEqual([
      `raw/getappinfo/dt=${DT}/1400000101.json`,
      rowsKey(ONE.sdkAppId),
      ...monthKeys(ONE.sdkAppId),
      doneKey(ONE.sdkAppId),
    ]);
  });

  it('skips an app an earlier run wrote for the day: no getappinfo call, no write', async () => {
    await run({ apps: appConfigs(sim.url, [ONE, TWO]) });
    const before = await etags();
    sim.reset();
    const again = await run({ apps: appConfigs(sim.url, [ONE, TWO]), runId: 'retry' });
    expect(again).toMatchObject({ ok: true, apps: [], notWritten: [] });
    expect(again.skipped).toEqual([
      {
        sdkAppId: ONE.sdkAppId,
        marker: `s3://${BUCKET}/${doneKey(ONE.sdkAppId)}`,
        doneBy: expect.objectContaining({ runId: 'run-test', rows: 30 }),
      },
      expect.objectContaining({ sdkAppId: TWO.sdkAppId }),
    ]);
    expect(sim.requests).toEqual([]);
    expect(await etags()).toEqual(before);
  });

  it('never lets a degraded answer on a later run replace a complete snapshot', async () => {
    await run();
    sim.inject({ kind: 'garbage', body: '{"ErrorCode":0,"ErrorInfo":"OK","Result":[]}' });
    const again = await run({ runId: 'retry' });
    expect(again.skipped.map((app) => app.sdkAppId)).toEqual([ONE.sdkAppId]);
    const { body } = await readObject(client, BUCKET, rowsKey(ONE.sdkAppId));
    expect(body?.trimEnd().split('\n')).toHaveLength(30);
  });

  it('replaces the day on purpose with force, done marker included', async () => {
    await run();
    sim.inject({ kind: 'garbage', body: '{"ErrorCode":0,"ErrorInfo":"OK","Result":[]}' });
    const forced = await run({ runId: 'forced', force: true });
    expect(forced).toMatchObject({ ok: true, skipped: [], apps: [{ ok: true, rows: 0 }] });
    expect((await readObject(client, BUCKET, rowsKey(ONE.sdkAppId))).body).toBe('');
    const marker = await readObject(client, BUCKET, doneKey(ONE.sdkAppId));
    expect(JSON.parse(marker.body ?? '')).toMatchObject({ runId: 'forced', rows: 0 });
  });

  it('runs again only the apps an earlier attempt did not write, and then the day is complete', async () => {
    sim.inject({
      kind: 'http',
      status: 502,
      sdkAppId: TWO.sdkAppId,
      times: FAST_CLIENT.maxAttempts,
    });
    const first = await run({ apps: appConfigs(sim.url) });
    expect(first.notWritten).toEqual([TWO.sdkAppId]);
    sim.reset();
    const retry = await run({ apps: appConfigs(sim.url), runId: 'retry' });
    expect(sim.requests.map((r) => r.sdkAppId)).toEqual([TWO.sdkAppId]);
    expect(retry.apps.map((a) => [a.sdkAppId, a.ok])).toEqual([[TWO.sdkAppId, true]]);
    expect(retry.skipped.map((a) => a.sdkAppId)).toEqual([ONE.sdkAppId, THREE.sdkAppId]);
    expect(retry).toMatchObject({ ok: true, notWritten: [] });
  });

  it('does not count an app as done when its rows failed after the raw body: the retry writes it', async () => {
    const inner = s3Store(client, BUCKET);
    let failRows = true;
    const store: SnapshotStore = {
      ...inner,
      put: (key, body, type, condition) =>
        failRows && key === rowsKey(ONE.sdkAppId)
          ? Promise.reject(new Error('rows refused'))
          : inner.put(key, body, type, condition),
    };
    const first = await run({ store });
    expect(first).toMatchObject({ ok: false, notWritten: [ONE.sdkAppId] });
    expect(await listKeys(client, BUCKET)).toEqual([`raw/getappinfo/dt=${DT}/1400000101.json`]);
    failRows = false;
    const retry = await run({ store, runId: 'retry' });
    expect(retry).toMatchObject({ ok: true, skipped: [], notWritten: [] });
    expect(await listKeys(client, BUCKET)).toContain(doneKey(ONE.sdkAppId));
  });

  it('counts the apps a subset run does not take in notWritten, unless an earlier run wrote them', async () => {
    await run({ apps: appConfigs(sim.url, [ONE]) });
    const subset = await run({
      apps: appConfigs(sim.url, [TWO]),
      notSelected: [ONE.sdkAppId, THREE.sdkAppId],
      runId: 'subset',
    });
    expect(subset).toMatchObject({ ok: true, notWritten: [THREE.sdkAppId] });
    expect(sim.requests.map((r) => r.sdkAppId)).toEqual([ONE.sdkAppId, TWO.sdkAppId]);
  });

  it('gets every app written over a few attempts when one attempt cannot reach them all before its deadline', async () => {
    // Three slow apps one at a time, 1.8 s per attempt: an attempt writes what it reaches and
    // fails the rest at its deadline; the next takes only those (the same tail used to fail on
    // every attempt, since every attempt started again from the first app).
    const apps = appConfigs(sim.url);
    const requested: number[][] = [];
    const written = new Set<number>();
    for (let attempt = 1; attempt <= 6 && written.size < apps.length; attempt++) {
      sim.reset();
      sim.inject({ kind: 'delay', ms: 800, times: 10 });
      const summary = await run(
        { apps, runId: `attempt-${attempt}`, deadline: Date.now() + 1_800 },
        { concurrency: 1 },
      );
      requested.push(sim.requests.map((r) => r.sdkAppId ?? 0));
      // An attempt never asks again for what an earlier one wrote, and skips all of it.
      for (const id of requested.at(-1) ?? []) expect(written.has(id)).toBe(false);
      expect(summary.skipped.map((a) => a.sdkAppId)).toEqual([...written].sort());
      for (const app of summary.apps) if (app.ok) written.add(app.sdkAppId);
    }
    expect(written.size).toBe(apps.length);
    expect(requested.length).toBeGreaterThan(1);
  });
});

describe("takeSnapshots and the getappinfo client's settings", () => {
  const written = (app: AppResult | undefined) => (app?.ok ? app.written : []);

  it('takes the snapshot with the client defaults when the run gives no client settings', async () => {
    const summary = await run({ client: undefined });
    expect(summary).toMatchObject({ ok: true, notWritten: [] });
    expect(written(summary.apps[0])).toHaveLength(2 + MONTHS.length);
  });

  it("keeps the run's deadline on the client's clock for the month objects too (tools run at a set time)", async () => {
    // A clock a minute behind, as tools/harness/duckdb-athena.ts runs one: on it the deadline is
    // 20 s away, though in real time it passed 40 s ago.
    const clock = () => Date.now() - 60_000;
    const summary = await run({ client: { ...FAST_CLIENT, clock }, deadline: clock() + 20_000 });
    expect(summary).toMatchObject({ ok: true, notWritten: [] });
    expect(written(summary.apps[0])).toEqual([
      `s3://${BUCKET}/raw/getappinfo/dt=${DT}/${ONE.sdkAppId}.json`,
      `s3://${BUCKET}/getappinfo/dt=${DT}/${ONE.sdkAppId}.json`,
      ...monthKeys(ONE.sdkAppId).map((key) => `s3://${BUCKET}/${key}`),
    ]);
  });

  it('lists as written only the month objects it changed: a forced run of the same answer changes none', async () => {
    await run();
    const again = await run({ force: true });
    expect(written(again.apps[0])).toEqual([
      `s3://${BUCKET}/raw/getappinfo/dt=${DT}/${ONE.sdkAppId}.json`,
      `s3://${BUCKET}/getappinfo/dt=${DT}/${ONE.sdkAppId}.json`,
    ]);
  });
});
