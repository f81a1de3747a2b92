/** Where a snapshot goes: the run date in the configured time zone and the object keys. */
import { ConfigError } from './errors.js';

export interface SnapshotKeys {
  /** Typed rows, NDJSON: `<prefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly rows: string;
  /** The API body byte for byte: `raw/<prefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly raw: string;
}

/**
 * The calendar day of `now` in `timeZone`, as `YYYY-MM-DD`.
 * @throws ConfigError for a time zone the runtime does not know.
 */
export function runDate(now: Date, timeZone: string): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch (cause) {
    throw new ConfigError(
      `unknown time zone "${timeZone}" — use an IANA name such as Asia/Shanghai`,
      {
        field: 'TIME_ZONE',
        cause,
      },
    );
  }
  const part = (type: string) => format.formatToParts(now).find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Checks a snapshot prefix: S3-safe path segments, no leading or trailing slash.
 * @throws ConfigError when it would produce keys Athena cannot find.
 */
export function checkPrefix(prefix: string): string {
  const segment = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
  if (!prefix.split('/').every((part) => segment.test(part)) || prefix.startsWith('raw/')) {
    throw new ConfigError(
      `snapshot prefix "${prefix}" must be path segments of letters, digits, "_", "." or "-", without a leading or trailing "/" and not under raw/`,
      { field: 'SNAPSHOT_PREFIX' },
    );
  }
  return prefix;
}

/** The two object keys of one app's snapshot for one run date. */
export function snapshotKeys(prefix: string, dt: string, sdkAppId: number): SnapshotKeys {
  const file = `dt=${dt}/${sdkAppId}.json`;
  return { rows: `${prefix}/${file}`, raw: `raw/${prefix}/${file}` };
}
