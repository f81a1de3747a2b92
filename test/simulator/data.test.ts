import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signUserSig } from '../../functions/getappinfo/usersig.js';
import { type SimulatedApp, simulatedResult } from '../../simulator/data.js';
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

describe('getappinfo simulator: data', () => {
  it('is the same across calls and differs between apps', async () => {
    expect((await call()).text).toBe((await call()).text);
    const otherRows = simulatedResult(OTHER, NOON);
    expect(otherRows[0]?.ActiveUserNum).not.toBe(simulatedResult(APP, NOON)[0]?.ActiveUserNum);
  });

  it.each([
    ['15:59:59.999Z', '20250309', '20250208'],
    ['16:00:00.000Z', '20250310', '20250209'],
  ])('ends yesterday Beijing time at 2025-03-10T%s', async (time, newest, oldest) => {
    clock = new Date(`2025-03-10T${time}`);
    const result = JSON.parse((await call()).text).Result as Record<string, string>[];
    expect(result[0]?.Date).toBe(newest);
    expect(result[29]?.Date).toBe(oldest);
    // A day has the same values whichever window it appears in.
    expect(result[1]).toEqual(simulatedResult(APP, NOON).find((r) => r.Date === result[1]?.Date));
  });

  it('is internally consistent day by day', () => {
    const rows = simulatedResult(APP, NOON).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])),
    );
    rows.forEach((r, i) => {
      const n = (k: string) => r[k] ?? Number.NaN;
      expect(n('DownMsgNum')).toBe(n('C2CDownMsgNum') + n('GroupDownMsgNum'));
      expect(n('UpMsgNum')).toBe(n('C2CUpMsgNum') + n('GroupUpMsgNum'));
      expect(n('APNSMsgNum')).toBe(n('C2CAPNSMsgNum') + n('GroupAPNSMsgNum'));
      expect(n('MaxOnlineNum')).toBeLessThan(n('ActiveUserNum'));
      expect(n('SendMsgUserNum')).toBeLessThanOrEqual(n('ActiveUserNum'));
      expect(n('CallBackRsp')).toBeLessThanOrEqual(n('CallBackReq'));
      const older = rows[i + 1];
      if (older) {
        expect(n('RegistUserNumTotal') - (older.RegistUserNumTotal ?? 0)).toBe(
          n('RegistUserNumOneDay'),
        );
        expect(n('RegistUserNumOneDay')).toBeGreaterThan(0);
        expect(n('GroupAllGroupNum') - (older.GroupAllGroupNum ?? 0)).toBe(
          n('GroupNewGroupNum') - n('GroupDestroyGroupNum'),
        );
      }
    });
    const weekday = (r: Record<string, number>) =>
      new Date(String(r.Date).replace(/(\d{4})(\d\d)(\d\d)/, '$1-$2-$3')).getUTCDay();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const weekend = mean(
      rows.filter((r) => [0, 6].includes(weekday(r))).map((r) => r.ActiveUserNum ?? 0),
    );
    const workday = mean(
      rows.filter((r) => ![0, 6].includes(weekday(r))).map((r) => r.ActiveUserNum ?? 0),
    );
    expect(weekend).toBeGreaterThan(workday * 1.1);
  });
});
