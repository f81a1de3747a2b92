import { Api } from 'tls-sig-api-v2';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_FIELDS, INFO_FIELDS } from '../../functions/core/opsdata-schema.js';
import { signUserSig } from '../../functions/getappinfo/usersig.js';
import { reportedDays, type SimulatedApp, simulatedResult } from '../../simulator/data.js';
import { NGINX_502_PAGE } from '../../simulator/faults.js';
import { GETAPPINFO_PATH, type RunningSimulator, startSimulator } from '../../simulator/server.js';

/** DESIGN.md's UserSig vector app. */
const APP: SimulatedApp = {
  sdkAppId: 1400000000,
  adminIdentifier: 'administrator',
  secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e',
  appName: 'Vector App',
  company: 'Vector Co',
};
const OTHER: SimulatedApp = {
  sdkAppId: 1400000003,
  adminIdentifier: 'admin',
  secretKey: 'a'.repeat(64),
  appName: 'Other',
  company: 'Other Co',
};
const HUGE = '9007199254740993'; // 2^53 + 1: not representable as a JS number
const CUSTOM: SimulatedApp = {
  ...OTHER,
  sdkAppId: 1400000004,
  customize: (row, date) => ({
    ...row,
    ActiveUserNum: date.endsWith('1') ? HUGE : '-3',
    NewApiField: 'x',
  }),
};

/** 2025-03-10 12:00 UTC = 20:00 Beijing, so "yesterday" is 2025-03-09. */
const NOON = new Date('2025-03-10T12:00:00Z');
const NOON_S = NOON.getTime() / 1000;
let clock = NOON;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ apps: [APP, OTHER, CUSTOM], now: () => clock });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  clock = NOON;
});

const sign = (over: Partial<Parameters<typeof signUserSig>[0]> = {}) =>
  signUserSig({
    sdkAppId: APP.sdkAppId,
    identifier: 'administrator',
    secretKey: APP.secretKey,
    now: NOON_S,
    expire: 86_400,
    ...over,
  });

function urlFor(query: Record<string, string | undefined> = {}): string {
  const params = {
    sdkappid: String(APP.sdkAppId),
    identifier: 'administrator',
    usersig: sign(),
    random: '42',
    contenttype: 'json',
    ...query,
  };
  const search = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return `${sim.url}${GETAPPINFO_PATH}?${search}`;
}

async function call(query: Record<string, string | undefined> = {}, body = '{}', method = 'POST') {
  const response = await fetch(urlFor(query), {
    method,
    body: method === 'GET' ? undefined : body,
  });
  return { status: response.status, text: await response.text() };
}

describe('getappinfo simulator: successful calls', () => {
  it('returns 30 days newest first, all strings, no ActionStatus, equal to simulatedResult', async () => {
    const { status, text } = await call();
    expect(status).toBe(200);
    const body = JSON.parse(text) as {
      ErrorCode: number;
      ErrorInfo: string;
      Result: Record<string, unknown>[];
    };
    expect(Object.keys(body)).toEqual(['ErrorCode', 'ErrorInfo', 'Result']);
    expect(body.ErrorCode).toBe(0);
    expect(body.Result).toHaveLength(30);
    expect(body.Result.map((r) => r.Date)).toEqual(reportedDays(NOON));
    expect(body.Result[0]?.Date).toBe('20250309');
    expect(body.Result[29]?.Date).toBe('20250208');
    for (const row of body.Result) {
      expect(Object.values(row).every((v) => typeof v === 'string')).toBe(true);
      expect(Object.keys(row).sort()).toEqual(
        [...Object.values(INFO_FIELDS), ...COUNT_FIELDS.map((f) => f.apiField)].sort(),
      );
      expect(row.AppId).toBe('1400000000');
    }
    expect(body.Result).toEqual(simulatedResult(APP, NOON));
    expect(sim.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: GETAPPINFO_PATH,
      sdkAppId: APP.sdkAppId,
      body: {},
      outcome: 0,
    });
    expect(sim.requests.at(-1)?.query.usersig).toBe(sign());
  });

  it('accepts a UserSig from the official tls-sig-api-v2 package', async () => {
    const usersig = new Api(APP.sdkAppId, APP.secretKey).genUserSig('administrator', 600);
    const { text } = await call({ usersig });
    expect(JSON.parse(text).ErrorCode).toBe(0);
  });

  it('rejects an official-package UserSig once its validity has passed with 70001', async () => {
    const usersig = new Api(APP.sdkAppId, APP.secretKey).genUserSig('administrator', 600);
    clock = new Date(Date.now() + 700_000);
    expect(JSON.parse((await call({ usersig })).text).ErrorCode).toBe(70001);
  });

  it('returns only the requested fields plus Date, ignoring unknown names', async () => {
    const { text } = await call(
      {},
      JSON.stringify({ RequestField: ['ChainIncrease', 'ChainDecrease', 'NoSuchField'] }),
    );
    const result = JSON.parse(text).Result as Record<string, string>[];
    expect(result).toHaveLength(30);
    for (const row of result)
      expect(Object.keys(row)).toEqual(['ChainDecrease', 'ChainIncrease', 'Date']);
    expect(result).toEqual(simulatedResult(APP, NOON, ['ChainIncrease', 'ChainDecrease']));
    expect(result[0]?.ChainIncrease).toBe(simulatedResult(APP, NOON)[0]?.ChainIncrease);
  });

  it('treats an empty RequestField as all fields', async () => {
    const { text } = await call({}, '{"RequestField":[]}');
    expect(JSON.parse(text).Result).toEqual(simulatedResult(APP, NOON));
  });

  it('accepts random at both ends of the uint32 range', async () => {
    for (const random of ['0', '4294967295'])
      expect(JSON.parse((await call({ random })).text).ErrorCode).toBe(0);
  });

  it('sends customized values verbatim, digits past 2^53 included', async () => {
    const usersig = signUserSig({
      sdkAppId: CUSTOM.sdkAppId,
      identifier: 'admin',
      secretKey: CUSTOM.secretKey,
      now: NOON_S,
      expire: 600,
    });
    const { text } = await call({
      sdkappid: String(CUSTOM.sdkAppId),
      identifier: 'admin',
      usersig,
    });
    expect(text).toContain(`"ActiveUserNum":"${HUGE}"`);
    expect(text).toContain('"ActiveUserNum":"-3"');
    expect(JSON.parse(text).Result[0].NewApiField).toBe('x');
  });
});

const OTHER_SIG = signUserSig({
  sdkAppId: OTHER.sdkAppId,
  identifier: 'administrator',
  secretKey: OTHER.secretKey,
  now: NOON_S,
  expire: 600,
});

describe('getappinfo simulator: request checks answer HTTP 200 with the documented ErrorCode', () => {
  it.each<[string, Record<string, string | undefined>, string, string, number]>([
    ['a GET', {}, '{}', 'GET', 60008],
    ['no sdkappid', { sdkappid: undefined }, '{}', 'POST', 60012],
    ['a non-numeric sdkappid', { sdkappid: '14000abc' }, '{}', 'POST', 60012],
    ['an unknown sdkappid (wrong region)', { sdkappid: '1400009999' }, '{}', 'POST', 70020],
    ['no identifier', { identifier: undefined }, '{}', 'POST', 60004],
    ['no usersig', { usersig: undefined }, '{}', 'POST', 60005],
    ['no random', { random: undefined }, '{}', 'POST', 60002],
    ['a negative random', { random: '-1' }, '{}', 'POST', 60002],
    ['random past uint32', { random: '4294967296' }, '{}', 'POST', 60002],
    ['a fractional random', { random: '1.5' }, '{}', 'POST', 60002],
    ['contenttype other than json', { contenttype: 'xml' }, '{}', 'POST', 60002],
    ['no contenttype', { contenttype: undefined }, '{}', 'POST', 60002],
    ['a usersig that does not decode', { usersig: 'not-a-usersig' }, '{}', 'POST', 70003],
    ['a UserSig signed for another SDKAppID', { usersig: OTHER_SIG }, '{}', 'POST', 70014],
    [
      'a UserSig signed for another identifier',
      { usersig: sign({ identifier: 'someone' }) },
      '{}',
      'POST',
      70013,
    ],
    [
      'a UserSig signed with another key',
      { usersig: sign({ secretKey: 'b'.repeat(64) }) },
      '{}',
      'POST',
      70009,
    ],
    [
      'an expired UserSig',
      { usersig: sign({ now: NOON_S - 601, expire: 600 }) },
      '{}',
      'POST',
      70001,
    ],
    [
      'an identifier that is not the App admin',
      { identifier: 'user1', usersig: sign({ identifier: 'user1' }) },
      '{}',
      'POST',
      60010,
    ],
    ['a body that is not JSON', {}, '{"RequestField":', 'POST', 130001],
    ['an empty body', {}, '', 'POST', 130001],
    ['a JSON array body', {}, '[]', 'POST', 130001],
    ['a RequestField that is not an array', {}, '{"RequestField":"ChainIncrease"}', 'POST', 130001],
    [
      'a RequestField with a non-string',
      {},
      '{"RequestField":["ChainIncrease",1]}',
      'POST',
      130001,
    ],
  ])('answers %s with its code', async (_, query, body, method, code) => {
    const { status, text } = await call(query, body, method);
    expect(status).toBe(200);
    const parsed = JSON.parse(text);
    expect(parsed).toEqual({
      ActionStatus: 'FAIL',
      ErrorCode: code,
      ErrorInfo: expect.any(String),
    });
    expect(parsed.ErrorInfo.length).toBeGreaterThan(5);
    expect(sim.requests.at(-1)?.outcome).toBe(code);
  });

  it('still accepts a UserSig whose validity ends exactly now', async () => {
    expect(
      JSON.parse((await call({ usersig: sign({ now: NOON_S - 600, expire: 600 }) })).text)
        .ErrorCode,
    ).toBe(0);
  });

  it('answers another path with HTTP 404', async () => {
    const response = await fetch(`${sim.url}/v4/openconfigsvr/nope?sdkappid=1400000000`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(404);
    await response.text();
    expect(sim.requests.at(-1)?.outcome).toBe('not-found');
  });
});

describe('getappinfo simulator: faults', () => {
  it('answers an http fault with nginx’s 502 page once, then normally', async () => {
    sim.inject({ kind: 'http', status: 502 });
    expect(await call()).toEqual({ status: 502, text: NGINX_502_PAGE });
    expect(sim.requests.at(-1)?.outcome).toBe('http');
    expect(JSON.parse((await call()).text).ErrorCode).toBe(0);
  });

  it('answers an http fault with its own status and body', async () => {
    sim.inject({ kind: 'http', status: 429, body: 'slow down' });
    expect(await call()).toEqual({ status: 429, text: 'slow down' });
  });

  it('resets the connection without an answer', async () => {
    sim.inject({ kind: 'reset' });
    const error = await request(urlFor(), { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(sim.requests.at(-1)?.outcome).toBe('reset');
  });

  it('delays the normal answer by ms', async () => {
    sim.inject({ kind: 'delay', ms: 150 });
    const started = performance.now();
    const { text } = await call();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(JSON.parse(text).ErrorCode).toBe(0);
  });

  it('lets a client time out on a long delay and still closes at once', async () => {
    const own = await startSimulator({ apps: [APP], now: () => NOON });
    own.inject({ kind: 'delay', ms: 60_000 });
    const url = urlFor().replace(sim.url, own.url);
    const error = await fetch(url, {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(100),
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('answers an error fault with HTTP 200 and that ErrorCode', async () => {
    sim.inject({ kind: 'error', errorCode: 70169 });
    sim.inject({ kind: 'error', errorCode: 60020, errorInfo: 'package expired' });
    const first = await call();
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toEqual({
      ActionStatus: 'FAIL',
      ErrorCode: 70169,
      ErrorInfo: expect.any(String),
    });
    expect(JSON.parse((await call()).text)).toEqual({
      ActionStatus: 'FAIL',
      ErrorCode: 60020,
      ErrorInfo: 'package expired',
    });
  });

  it('truncates: announces the full length, sends half, drops the connection', async () => {
    sim.inject({ kind: 'truncate' });
    const response = await request(urlFor(), { method: 'POST', body: '{}' });
    expect(response.statusCode).toBe(200);
    const full = JSON.stringify({
      ErrorCode: 0,
      ErrorInfo: 'OK',
      Result: simulatedResult(APP, NOON),
    });
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(full));
    await expect(response.body.text()).rejects.toThrow();
  });

  it('sends a garbage body as a complete 200 response', async () => {
    sim.inject({ kind: 'garbage', body: '{"ErrorCode":0,"Result":[{"Da' });
    expect(await call()).toEqual({ status: 200, text: '{"ErrorCode":0,"Result":[{"Da' });
  });

  it('echoes the request in ErrorInfo with the ErrorCode asked for, UserSig included', async () => {
    sim.inject({
      kind: 'echo',
      errorCode: 70009,
      errorInfo: ({ url, query }) => `seen ${query.usersig} at ${url}`,
    });
    const { status, text } = await call({ random: '7' });
    const body = JSON.parse(text) as { ErrorCode: number; ErrorInfo: string };
    const usersig = sim.requests.at(-1)?.query.usersig ?? '';
    expect(status).toBe(200);
    expect(body.ErrorCode).toBe(70009);
    expect(usersig.length).toBeGreaterThan(20);
    expect(body.ErrorInfo.startsWith(`seen ${usersig} at ${GETAPPINFO_PATH}?sdkappid=`)).toBe(true);
    expect(body.ErrorInfo).toContain('&random=7&');
    expect(sim.requests.at(-1)?.outcome).toBe('echo');
  });

  it('streams a huge answer: a valid empty success document of exactly bytes bytes', async () => {
    let end: [number, boolean] | undefined;
    sim.inject({
      kind: 'huge',
      bytes: 300_000,
      onEnd: (sent, complete) => (end = [sent, complete]),
    });
    const response = await request(urlFor(), { method: 'POST', body: '{}' });
    expect(response.headers['content-length']).toBe('300000');
    const text = await response.body.text();
    expect(text).toHaveLength(300_000);
    expect(JSON.parse(text)).toEqual({ ErrorCode: 0, ErrorInfo: 'OK', Result: [] });
    await expect.poll(() => end).toEqual([300_000, true]);
    expect(sim.requests.at(-1)?.outcome).toBe('huge');
  });

  it('gives a fault scoped to an app only to that app, times times, in order', async () => {
    sim.inject({ kind: 'error', errorCode: 70500, sdkAppId: OTHER.sdkAppId, times: 2 });
    sim.inject({ kind: 'http', status: 503, times: 1 });
    expect((await call()).status).toBe(503);
    expect(JSON.parse((await call()).text).ErrorCode).toBe(0);
    const other = {
      sdkappid: String(OTHER.sdkAppId),
      identifier: 'admin',
      usersig: signUserSig({
        sdkAppId: OTHER.sdkAppId,
        identifier: 'admin',
        secretKey: OTHER.secretKey,
        now: NOON_S,
        expire: 600,
      }),
    };
    expect(JSON.parse((await call(other)).text).ErrorCode).toBe(70500);
    expect(JSON.parse((await call(other)).text).ErrorCode).toBe(70500);
    expect(JSON.parse((await call(other)).text).ErrorCode).toBe(0);
  });
});

describe('getappinfo simulator: reset', () => {
  it('drops queued faults and the request log', async () => {
    sim.inject({ kind: 'http', status: 502, times: 3 });
    await call();
    sim.reset();
    expect(sim.requests).toHaveLength(0);
    expect(JSON.parse((await call()).text).ErrorCode).toBe(0);
    expect(sim.requests.map((r) => r.outcome)).toEqual([0]);
  });
});
