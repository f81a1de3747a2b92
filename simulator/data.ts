/**
 * Deterministic getappinfo data for the simulator: 30 Beijing days per app, every value a string,
 * shaped like the sample in https://www.tencentcloud.com/document/product/1047/41939.
 */
import { COUNT_FIELDS, INFO_FIELDS, REQUESTABLE_FIELDS } from '../functions/core/opsdata-schema.js';

/** An app the simulator knows: its credentials, its names and an optional row rewrite for tests. */
export interface SimulatedApp {
  readonly sdkAppId: number;
  readonly adminIdentifier: string;
  readonly secretKey: string;
  readonly appName: string;
  readonly company: string;
  /** Rewrites one `Result` element as sent (after `RequestField` filtering); `date` is YYYYMMDD. */
  readonly customize?: (row: Record<string, string>, date: string) => Record<string, unknown>;
}

/** getappinfo returns the last 30 days. */
export const DAYS_RETURNED = 30;

const DAY_MS = 86_400_000;
/** Beijing is UTC+8 all year (no daylight saving), so a fixed offset is exact. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** Day numbers count from here; any fixed origin works, it only has to never move. */
const ORIGIN_MS = Date.UTC(2020, 0, 1);
const KNOWN_FIELDS = new Set<string>(REQUESTABLE_FIELDS);

/** The 30 Beijing days (YYYYMMDD) the API reports at `now`: newest first, ending yesterday. */
export function reportedDays(now: Date): string[] {
  const beijingToday = Math.floor((now.getTime() + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS;
  return Array.from({ length: DAYS_RETURNED }, (_, i) =>
    new Date(beijingToday - (i + 1) * DAY_MS).toISOString().slice(0, 10).replaceAll('-', ''),
  );
}

/** mulberry32: tiny, fast and good enough for plausible numbers; seeded so output is stable. */
function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a over the text, so the seed depends on every character of (app, day, purpose). */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function dayNumber(date: string): number {
  const ms = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(4, 6)) - 1,
    Number(date.slice(6)),
  );
  return Math.round((ms - ORIGIN_MS) / DAY_MS);
}

/**
 * A running total that only depends on the day: `base + slope·day + jitter(day)` with jitter in
 * [0, slope/2), so day-over-day growth is always between slope/2 and 3·slope/2 (> 0) and the
 * same day has the same total whichever 30-day window it appears in.
 */
function runningTotal(sdkAppId: number, what: string, base: number, slope: number, day: number) {
  const jitter = Math.floor(randomSource(seedOf(`${sdkAppId}:${what}:${day}`))() * (slope / 2));
  return base + slope * day + jitter;
}

/** Chat traffic peaks at weekends; index is the UTC weekday of the Beijing date (0 = Sunday). */
const WEEKDAY_FACTOR = [1.2, 0.95, 0.9, 0.92, 0.95, 1.05, 1.25] as const;

/** Every documented field for one app and Beijing day (YYYYMMDD), all values strings. */
export function simulatedDay(app: SimulatedApp, date: string): Record<string, string> {
  const day = dayNumber(date);
  const rnd = randomSource(seedOf(`${app.sdkAppId}:${date}`));
  const between = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const scale = 1 + (app.sdkAppId % 7); // apps differ in size, deterministically
  const weekday = new Date(ORIGIN_MS + day * DAY_MS).getUTCDay();

  const active = Math.round(1800 * scale * (WEEKDAY_FACTOR[weekday] ?? 1) * between(0.9, 1.1));
  const loginUsers = Math.round(active * between(0.85, 0.98));
  const sendUsers = Math.round(active * between(0.36, 0.44));
  const c2cSendUsers = Math.round(sendUsers * between(0.7, 0.8));
  const groupSendUsers = Math.round(sendUsers * between(0.4, 0.6));
  const c2cUp = Math.round(c2cSendUsers * between(16, 22));
  const groupUp = Math.round(groupSendUsers * between(9, 14));
  // C2C messages reach one peer (a few are dropped); group messages fan out to the members.
  const c2cDown = Math.round(c2cUp * between(0.95, 1));
  const groupDown = Math.round(groupUp * between(6, 10));
  const c2cApns = Math.round(c2cDown * between(0.02, 0.08));
  const groupApns = Math.round(groupDown * between(0.005, 0.02));
  const registTotal = runningTotal(app.sdkAppId, 'regist', 40_000 * scale, 40 * scale, day);
  const registYesterday = runningTotal(app.sdkAppId, 'regist', 40_000 * scale, 40 * scale, day - 1);
  const groupsAll = runningTotal(app.sdkAppId, 'groups', 9_000 * scale, 12 * scale, day);
  const groupsYesterday = runningTotal(app.sdkAppId, 'groups', 9_000 * scale, 12 * scale, day - 1);
  const groupsDestroyed = Math.round(between(0, 20) * scale);
  const joins = Math.round(active * between(0.1, 0.3));
  const chainUp = Math.round(active * between(0.01, 0.03));
  const callbackReq = Math.round((c2cUp + groupUp) * between(0.3, 0.6));

  const counts: Record<string, number> = {
    ActiveUserNum: active,
    RegistUserNumOneDay: registTotal - registYesterday,
    RegistUserNumTotal: registTotal,
    LoginTimes: Math.round(loginUsers * between(3, 8)),
    LoginUserNum: loginUsers,
    UpMsgNum: c2cUp + groupUp,
    SendMsgUserNum: sendUsers,
    APNSMsgNum: c2cApns + groupApns,
    C2CUpMsgNum: c2cUp,
    C2CDownMsgNum: c2cDown,
    C2CSendMsgUserNum: c2cSendUsers,
    C2CAPNSMsgNum: c2cApns,
    MaxOnlineNum: Math.round(active * between(0.05, 0.08)),
    DownMsgNum: c2cDown + groupDown,
    ChainIncrease: chainUp,
    ChainDecrease: Math.round(chainUp * between(0.1, 0.5)),
    GroupUpMsgNum: groupUp,
    GroupDownMsgNum: groupDown,
    GroupSendMsgUserNum: groupSendUsers,
    GroupAPNSMsgNum: groupApns,
    GroupSendMsgGroupNum: Math.round(groupSendUsers * between(0.2, 0.5)),
    GroupJoinGroupTimes: joins,
    GroupQuitGroupTimes: Math.round(joins * between(0.7, 0.95)),
    // all(d) = all(d-1) + new - destroyed, so new follows from the two totals.
    GroupNewGroupNum: groupsAll - groupsYesterday + groupsDestroyed,
    GroupAllGroupNum: groupsAll,
    GroupDestroyGroupNum: groupsDestroyed,
    CallBackReq: callbackReq,
    CallBackRsp: Math.round(callbackReq * between(0.995, 1)),
  };
  const row: Record<string, string> = {
    [INFO_FIELDS.appName]: app.appName,
    [INFO_FIELDS.appId]: String(app.sdkAppId),
    [INFO_FIELDS.company]: app.company,
    [INFO_FIELDS.date]: date,
  };
  for (const { apiField } of COUNT_FIELDS) row[apiField] = String(counts[apiField] ?? 0);
  return sortedByKey(row);
}

/** Tencent's sample response lists the keys in code-point order (`APNSMsgNum` before `ActiveUserNum`). */
function sortedByKey<T>(row: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The `Result` array the simulator sends for `app` at `now`, newest day first.
 * With `requestFields` each element holds only the requested fields plus `Date` (as in Tencent's
 * sample); names the API does not know are ignored, and an empty list means all fields, like an
 * absent one. `customize` runs last, so tests control exactly what goes on the wire.
 */
export function simulatedResult(
  app: SimulatedApp,
  now: Date,
  requestFields?: readonly string[],
): Record<string, unknown>[] {
  const wanted =
    requestFields && requestFields.length > 0
      ? new Set([...requestFields.filter((f) => KNOWN_FIELDS.has(f)), INFO_FIELDS.date])
      : undefined;
  return reportedDays(now).map((date) => {
    const full = simulatedDay(app, date);
    const row = wanted
      ? Object.fromEntries(Object.entries(full).filter(([k]) => wanted.has(k)))
      : full;
    return app.customize ? app.customize(row, date) : row;
  });
}
