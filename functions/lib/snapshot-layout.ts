/** Where a snapshot goes: the run date in the configured time zone and the object keys. */
import { ConfigError } from './errors.js';

export interface SnapshotKeys {
  /** Typed rows, NDJSON: `<prefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly rows: string;
  /** The API body byte for byte: `raw/<prefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly raw: string;
}

/**
 * Checks that the runtime knows `timeZone` (an IANA name such as Asia/Shanghai).
 * @throws ConfigError naming `field`.
 */
export function checkTimeZone(timeZone: string, field = 'TIME_ZONE'): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch (cause) {
    throw new ConfigError(
      `${field}: unknown time zone "${timeZone}" — use an IANA name such as Asia/Shanghai`,
      { field, cause },
    );
  }
  return timeZone;
}

/** The calendar day of `now` in `timeZone` (checked with `checkTimeZone`), as `YYYY-MM-DD`. */
export function runDate(now: Date, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const parts = format.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Checks a snapshot prefix: S3-safe path segments, no leading or trailing slash.
 * @throws ConfigError when it would produce keys Athena cannot find.
 */
export function checkPrefix(prefix: string, field = 'SNAPSHOT_PREFIX'): string {
  const segment = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
  const parts = prefix.split('/');
  if (!parts.every((part) => segment.test(part)) || parts[0] === 'raw') {
    throw new ConfigError(
      `${field}: snapshot prefix "${prefix}" must be path segments of letters, digits, "_", "." or "-", without a leading or trailing "/", and must not be raw or under raw/ (where the raw bodies go)`,
      { field },
    );
  }
  return prefix;
}

/** The two object keys of one app's snapshot for one run date. */
export function snapshotKeys(prefix: string, dt: string, sdkAppId: number): SnapshotKeys {
  const file = `dt=${dt}/${sdkAppId}.json`;
  return { rows: `${prefix}/${file}`, raw: `raw/${prefix}/${file}` };
}
