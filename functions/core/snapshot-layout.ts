/**
 * Where things go: the object keys of one app's snapshot for one run date (`dt`), and of its month
 * objects, one per month of `stat_date`.
 */
import { isCalendarMonth } from './dates.js';

export interface SnapshotKeys {
  /** Typed rows, NDJSON: `<prefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly rows: string;
  /** The API body byte for byte: `raw/<prefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly raw: string;
}

/** The two object keys of one app's snapshot for one run date. */
export function snapshotKeys(prefix: string, dt: string, sdkAppId: number): SnapshotKeys {
  const file = `dt=${dt}/${sdkAppId}.json`;
  return { rows: `${prefix}/${file}`, raw: `raw/${prefix}/${file}` };
}

/** Where the month layer of `prefix` lives: `days/<prefix>` (no trailing slash). */
export function monthLayerPrefix(prefix: string): string {
  return `days/${prefix}`;
}

/** One app's month object: `days/<prefix>/month=YYYY-MM/<sdkAppId>.json`. */
export function monthKey(prefix: string, month: string, sdkAppId: number | bigint): string {
  return `${monthLayerPrefix(prefix)}/month=${month}/${sdkAppId}.json`;
}

/** What a month object's key names. */
export interface MonthKeyParts {
  readonly month: string;
  /** The SDKAppID as written in the key (digits). */
  readonly sdkAppId: string;
}

/**
 * The month and app of a month object's key, or undefined for any other key under `days/<prefix>/`
 * (the run's bookkeeping under `runs/`, a temporary file, a name that is not an SDKAppID).
 */
export function monthKeyParts(prefix: string, key: string): MonthKeyParts | undefined {
  const head = `${monthLayerPrefix(prefix)}/month=`;
  if (!key.startsWith(head)) return undefined;
  const m = /^(\d{4}-\d{2})\/([1-9]\d*)\.json$/.exec(key.slice(head.length));
  if (m === null) return undefined;
  // Both groups take part in every match.
  const [, month, sdkAppId] = m as unknown as [string, string, string];
  return isCalendarMonth(month) ? { month, sdkAppId } : undefined;
}

/**
 * A run's bookkeeping for one run date: `days/<prefix>/runs/dt=YYYY-MM-DD/<name>`, e.g.
 * `1400000000.done` (that app is written for `dt`) or `digest.sent` (the digest e-mail went out).
 * Readers of the month layer (`days/<prefix>/month=…`) never look under `runs/`.
 */
export function runKey(prefix: string, dt: string, name: string): string {
  return `${monthLayerPrefix(prefix)}/runs/dt=${dt}/${name}`;
}

/** The done marker of one app for one run date, written last, after everything else of it. */
export function doneKey(prefix: string, dt: string, sdkAppId: number): string {
  return runKey(prefix, dt, `${sdkAppId}.done`);
}
