/**
 * takeSnapshots' summary, through the simulator and a local folder: the shape of a success and
 * of each kind of failure, an answer with no days, and how many apps are fetched at once.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dirStore } from '../../functions/local/dir-store.js';
import { type RunInput, takeSnapshots } from '../../functions/run/snapshot-pipeline.js';
import type { SnapshotStore } from '../../functions/run/snapshot-store.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { appConfigs, FAST_CLIENT, TEST_APPS } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const ONE = TEST_APPS[0] as (typeof TEST_APPS)[0];
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ apps: TEST_APPS });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.reset();
});

async function run(overrides: Partial<RunInput> = {}) {
  return takeSnapshots({
    apps: appConfigs(sim.url, [ONE]),
    store: dirStore(await tempDir('pipeline')),
    prefix: 'getappinfo',
    timeZone: 'UTC',
    requestFields: undefined,
    runId: 'run-test',
    now: new Date(),
    deadline: Date.now() + 20_000,
    client: FAST_CLIENT,
    ...overrides,
  });
}

describe('takeSnapshots: the summary', () => {
  it('times the whole app, which includes the successful attempt', async () => {
    sim.inject({ kind: 'delay', ms: 100 });
    const started = Date.now();
    const [app] = (await run()).apps;
    const elapsed = Date.now() - started;
    if (!app?.ok) throw new Error('expected the app to be written');
    expect(app.latencyMs).toBeGreaterThanOrEqual(90);
    expect(app.elapsedMs).toBeGreaterThanOrEqual(app.latencyMs);
    expect(app.elapsedMs).toBeLessThanOrEqual(elapsed);
  });

  it('writes an answer with no days as an empty snapshot, with no day range', async () => {
    sim.inject({ kind: 'garbage', body: '{"ErrorCode":0,"ErrorInfo":"OK","Result":[]}' });
    const root = await tempDir('pipeline');
    const summary = await run({ store: dirStore(root) });
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
        Result: [
          day('20261125', 'Old Name', 'Old Co'),
          day('20261127', 'New Name', 'New Co'),
          day('20261126', 'Mid Name', 'Mid Co'),
        ],
      }),
    });
    const [app] = (await run()).apps;
    expect(app).toMatchObject({
      ok: true,
      appName: 'New Name',
      company: 'New Co',
      days: { from: '2026-11-25', to: '2026-11-27' },
    });
  });

  it('describes a failure without an ErrorCode or hint by its name, message and why it gave up', async () => {
    sim.inject({ kind: 'http', status: 502, times: 2 });
    const [app] = (await run({ client: { ...FAST_CLIENT, maxAttempts: 2 } })).apps;
    expect(app?.ok).toBe(false);
    expect(app && !app.ok && app.error).toStrictEqual({
      name: 'GetAppInfoError',
      message: 'getappinfo for app 1400000101 answered HTTP 502',
      gaveUp: 'max-attempts',
    });
  });

  it('describes an API error with its ErrorCode, hint and why it gave up', async () => {
    sim.inject({ kind: 'error', errorCode: 70020, errorInfo: 'SDKAppID not find' });
    const [app] = (await run()).apps;
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
    const [app] = (await run({ store: dirStore(root) })).apps;
    expect(app).toMatchObject({ ok: false, attempts: 1 });
    expect(app?.written).toEqual([
      expect.stringMatching(/raw\/getappinfo\/dt=.*\/1400000101\.json$/),
    ]);
    expect(app && !app.ok && app.error).toStrictEqual({
      name: 'StoreError',
      message: expect.stringMatching(/^could not write .*getappinfo.*1400000101\.json \(/),
    });
  });

  it('fails only the app whose store throws something that is not an Error', async () => {
    const root = await tempDir('pipeline');
    const inner = dirStore(root);
    const store: SnapshotStore = {
      locate: inner.locate,
      put: (key, body, type) =>
        key.includes(`/${TEST_APPS[1]?.sdkAppId}.json`)
          ? Promise.reject('disk on fire')
          : inner.put(key, body, type),
    };
    const summary = await run({ apps: appConfigs(sim.url, TEST_APPS.slice(0, 3)), store });
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
      locate: inner.locate,
      put: (key, body, type) => {
        if (key.startsWith('raw/')) requestsAtFirstWrite.push(sim.requests.length);
        return inner.put(key, body, type);
      },
    };
    const summary = await run({ apps: appConfigs(sim.url), store, concurrency: 1 });
    expect(summary.ok).toBe(true);
    expect(requestsAtFirstWrite).toEqual([1, 2, 3]);
  });
});
