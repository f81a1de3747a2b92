/**
 * The input rules the function, the CLI and the stack share: one home for each, so a value the
 * stack accepts is a value the function accepts. Each check throws a `ConfigError` naming the
 * setting it was given as `field` (an environment variable, a flag or a context key).
 */
import { isCalendarDate } from '../core/dates.js';
import { ConfigError } from '../core/errors.js';
import { INFO_FIELDS, REQUESTABLE_FIELDS } from '../core/opsdata-schema.js';

/**
 * Checks that `text` is a calendar day `YYYY-MM-DD`.
 * @throws ConfigError naming `field`.
 */
export function checkCalendarDate(text: string, field: string): string {
  if (!isCalendarDate(text)) {
    throw new ConfigError(`${field}: "${text}" is not a date written YYYY-MM-DD`, { field });
  }
  return text;
}

/**
 * Checks that the runtime knows `timeZone` (an IANA name such as Asia/Shanghai).
 * @throws ConfigError naming `field`.
 */
export function checkTimeZone(timeZone: string, field = 'TIME_ZONE'): string {
  try {
    if (timeZone === '') throw new RangeError('empty time zone');
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch (cause) {
    throw new ConfigError(
      `${field}: unknown time zone "${timeZone}" — use an IANA name such as Asia/Shanghai`,
      { field, cause },
    );
  }
  return timeZone;
}

/**
 * Checks a snapshot prefix: S3-safe path segments, no leading or trailing slash, not `raw/…`.
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

/** The most apps a run fetches at once: far below getappinfo's 200 calls a second. */
export const MAX_CONCURRENCY = 64;

/**
 * Checks how many apps a run fetches at once: a whole number from 1 to `MAX_CONCURRENCY`.
 * @throws ConfigError naming `field`.
 */
export function checkConcurrency(value: unknown, field = 'CONCURRENCY'): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new ConfigError(
      `${field} must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(value)}`,
      { field },
    );
  }
  return n;
}

const REQUESTABLE = new Set<string>(REQUESTABLE_FIELDS);

/**
 * Parses a `RequestField` list (comma-separated or an array). Undefined or empty means every
 * field; otherwise `Date` is always added, because every row needs its day.
 *
 * Only the fields getappinfo documents are accepted, in the function, the CLI and the stack alike:
 * a typo would otherwise be sent, ignored by the API and show up as a column of nulls. A field
 * Tencent adds later still arrives with the default (every field) and is kept in `extra`.
 * @throws ConfigError naming `field` and the unknown names.
 */
export function parseRequestFields(
  value: string | readonly string[] | undefined,
  field = 'REQUEST_FIELDS',
): readonly string[] | undefined {
  const names = (typeof value === 'string' ? value.split(',') : (value ?? []))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return undefined;
  const unknown = names.filter((name) => !REQUESTABLE.has(name));
  if (unknown.length > 0) {
    const hints = unknown.map((name) => {
      const match = REQUESTABLE_FIELDS.find((f) => f.toLowerCase() === name.toLowerCase());
      return match === undefined ? `"${name}"` : `"${name}" (did you mean ${match}?)`;
    });
    throw new ConfigError(
      `${field}: not a getappinfo field: ${hints.join(', ')} — the names are case-sensitive, e.g. ActiveUserNum, UpMsgNum (full list: docs/query.md)`,
      { field },
    );
  }
  return [...new Set([...names, INFO_FIELDS.date])];
}
