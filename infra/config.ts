import { DEFAULT_PREFIX, DEFAULT_TIME_ZONE } from '../functions/lib/config.js';
import { REQUESTABLE_FIELDS } from '../functions/lib/opsdata-schema.js';
import { checkPrefix } from '../functions/lib/snapshot-layout.js';

/** Deployment settings read from cdk.json `context` (or `cdk deploy -c key=value`). */
export interface OpsdataConfig {
  /** Name or ARN of an existing secret to import; `undefined` creates one with a placeholder. */
  readonly secret: string | undefined;
  /** Hour (0–23) and minute (0–59) of the daily run, in `timeZone`. */
  readonly scheduleHour: number;
  readonly scheduleMinute: number;
  /** IANA time zone of the schedule and of the snapshot's `dt` partition. */
  readonly timeZone: string;
  /** getappinfo `RequestField` list; empty asks for every field. */
  readonly requestFields: readonly string[];
  /** First segment of the snapshot keys (`<prefix>/dt=…` and `raw/<prefix>/dt=…`). */
  readonly snapshotPrefix: string;
  /** Days the function's log group keeps events (a CloudWatch Logs retention value). */
  readonly logRetentionDays: number;
  /** Address subscribed to the alarm topic; `undefined` subscribes nobody. */
  readonly alarmEmail: string | undefined;
  /** Days after which current snapshots move to Glacier Instant Retrieval; 0 keeps them in Standard. */
  readonly archiveAfterDays: number;
  /** First `dt` Athena's partition projection covers (YYYY-MM-DD): the first snapshot's day or earlier. */
  readonly firstSnapshotDate: string;
}

/** Context keys, all under the `chat-opsdata:` namespace, with their defaults. */
export const CONTEXT_DEFAULTS = {
  'chat-opsdata:secret': '',
  'chat-opsdata:scheduleHour': 10,
  'chat-opsdata:scheduleMinute': 30,
  'chat-opsdata:timeZone': DEFAULT_TIME_ZONE,
  'chat-opsdata:requestFields': '',
  'chat-opsdata:snapshotPrefix': DEFAULT_PREFIX,
  'chat-opsdata:logRetentionDays': 90,
  'chat-opsdata:alarmEmail': '',
  'chat-opsdata:archiveAfterDays': 0,
  'chat-opsdata:firstSnapshotDate': '2026-01-01',
} as const;

export type ContextKey = keyof typeof CONTEXT_DEFAULTS;

/** The values CloudWatch Logs accepts for a log group's retention. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

/** Thrown when a context value is missing its expected form; the message names the key. */
export class ContextError extends Error {
  override name = 'ContextError';
}

/**
 * Checks and normalizes the stack's context values.
 *
 * @param get returns the raw context value for a key (`node.tryGetContext`), `undefined` if unset
 * @throws ContextError naming the key whose value is not valid
 */
export function readConfig(get: (key: ContextKey) => unknown): OpsdataConfig {
  const value = (key: ContextKey): unknown => get(key) ?? CONTEXT_DEFAULTS[key];
  const text = (key: ContextKey): string => {
    const raw = value(key);
    if (typeof raw !== 'string') throw new ContextError(`${key} must be a string`);
    return raw.trim();
  };
  // `-c key=10` arrives as the string "10"; cdk.json gives a number.
  const integer = (key: ContextKey, min: number, max: number): number => {
    const raw = value(key);
    const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      throw new ContextError(`${key} must be an integer from ${min} to ${max}, got ${String(raw)}`);
    }
    return n;
  };

  const timeZone = text('chat-opsdata:timeZone');
  if (!isTimeZone(timeZone)) {
    throw new ContextError(`chat-opsdata:timeZone must be an IANA time zone, got "${timeZone}"`);
  }

  const requestFields = text('chat-opsdata:requestFields')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const unknown = requestFields.filter((f) => !REQUESTABLE_FIELDS.includes(f));
  if (unknown.length > 0) {
    throw new ContextError(
      `chat-opsdata:requestFields has fields getappinfo does not know: ${unknown.join(', ')}`,
    );
  }

  // The function's own rule (SNAPSHOT_PREFIX), so the stack never deploys a prefix it rejects.
  const snapshotPrefix = text('chat-opsdata:snapshotPrefix');
  try {
    checkPrefix(snapshotPrefix, 'chat-opsdata:snapshotPrefix');
  } catch (error) {
    throw new ContextError((error as Error).message);
  }

  const logRetentionDays = integer('chat-opsdata:logRetentionDays', 1, 3653);
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    throw new ContextError(
      `chat-opsdata:logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
  }

  const alarmEmail = text('chat-opsdata:alarmEmail');
  if (alarmEmail !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new ContextError(`chat-opsdata:alarmEmail is not an e-mail address: "${alarmEmail}"`);
  }

  const firstSnapshotDate = text('chat-opsdata:firstSnapshotDate');
  if (!isCalendarDate(firstSnapshotDate)) {
    throw new ContextError(
      `chat-opsdata:firstSnapshotDate must be a date as YYYY-MM-DD, got "${firstSnapshotDate}"`,
    );
  }

  const secret = text('chat-opsdata:secret');
  return {
    secret: secret === '' ? undefined : secret,
    scheduleHour: integer('chat-opsdata:scheduleHour', 0, 23),
    scheduleMinute: integer('chat-opsdata:scheduleMinute', 0, 59),
    timeZone,
    requestFields,
    snapshotPrefix,
    logRetentionDays,
    alarmEmail: alarmEmail === '' ? undefined : alarmEmail,
    archiveAfterDays: integer('chat-opsdata:archiveAfterDays', 0, 36500),
    firstSnapshotDate,
  };
}

function isCalendarDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(text) &&
    !Number.isNaN(time) &&
    new Date(time).toISOString().startsWith(text)
  );
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name !== '';
  } catch {
    return false;
  }
}
