/**
 * The input rules the function, the CLI and the stack share: one home for each, so a value the
 * stack accepts is a value the function accepts. Each check throws a `ConfigError` naming the
 * setting it was given as `field` (an environment variable, a flag or a context key).
 */
import { isCalendarDate } from '../core/dates.js';
import { ConfigError } from '../core/errors.js';
import { INFO_FIELDS, REQUESTABLE_FIELDS } from '../core/opsdata-schema.js';
import { closestName } from '../core/suggest.js';

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
    // An empty name is refused too (RangeError: Invalid time zone specified).
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
  // raw/ holds the API bodies and days/ the month objects: a prefix there would mix them up.
  if (!parts.every((part) => segment.test(part)) || parts[0] === 'raw' || parts[0] === 'days') {
    throw new ConfigError(
      `${field}: snapshot prefix "${prefix}" must be path segments of letters, digits, "_", "." or "-", without a leading or trailing "/", and must not be raw or days or under them (where the raw bodies and the month objects go)`,
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
  // Stryker disable next-line ConditionalExpression: equivalent (Number.isInteger is false for every non-number; typeof narrows the type)
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
      const match = closestName(name, REQUESTABLE_FIELDS);
      return match === undefined ? `"${name}"` : `"${name}" (did you mean ${match}?)`;
    });
    throw new ConfigError(
      `${field}: not a getappinfo field: ${hints.join(', ')} — the names are case-sensitive, e.g. ActiveUserNum, UpMsgNum (full list: docs/query.md)`,
      { field },
    );
  }
  return [...new Set([...names, INFO_FIELDS.date])];
}

/**
 * Checks that a setting is text (a cdk.json string, an environment variable or a flag) and trims it.
 * @throws ConfigError naming `field`.
 */
export function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ConfigError(`${field} must be a string`, { field });
  return value.trim();
}

/** The number `value` is, or the one a text of digits writes; NaN for anything else. */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
}

/**
 * Checks a whole number from `min` to `max`; `-c key=10` gives the text "10", cdk.json a number.
 * @throws ConfigError naming `field`.
 */
export function checkInteger(value: unknown, field: string, min: number, max: number): number {
  const n = numberOf(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      `${field} must be an integer from ${min} to ${max}, got ${String(value)}`,
      {
        field,
      },
    );
  }
  return n;
}

/**
 * Checks true or false; `-c key=false` gives the text "false", cdk.json a boolean.
 * @throws ConfigError naming `field`.
 */
export function checkBoolean(value: unknown, field: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ConfigError(`${field} must be true or false, got ${String(value)}`, { field });
}

/**
 * Checks an e-mail address; empty means none.
 * @throws ConfigError naming `field`.
 */
export function checkEmail(value: unknown, field: string): string | undefined {
  const address = checkText(value, field);
  if (address === '') return undefined;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
    throw new ConfigError(`${field} is not an e-mail address: "${address}"`, { field });
  }
  return address;
}

/** The values CloudWatch Logs accepts for a log group's retention, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/**
 * Checks a log retention CloudWatch Logs accepts.
 * @throws ConfigError naming `field`.
 */
export function checkLogRetentionDays(value: unknown, field: string): number {
  const days = checkInteger(value, field, 1, 3653);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    throw new ConfigError(`${field} must be one of ${LOG_RETENTION_DAYS.join(', ')}`, { field });
  }
  return days;
}
