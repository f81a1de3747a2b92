import { ConfigError } from '../functions/core/errors.js';
import { parseRuleSettings, type RuleSettings } from '../functions/digest/anomaly-rules.js';
import {
  checkCalendarDate,
  checkConcurrency,
  checkPrefix,
  checkTimeZone,
  parseRequestFields,
} from '../functions/settings/checks.js';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_PREFIX,
  DEFAULT_TIME_ZONE,
} from '../functions/settings/defaults.js';

/** Deployment settings read from cdk.json `context` (or `cdk deploy -c key=value`). */
export interface OpsdataConfig {
  /** Name or ARN of an existing secret to import; `undefined` creates one with a placeholder. */
  readonly secret: string | undefined;
  /** Hour (0–23) and minute (0–59) of the daily run, in `timeZone`. */
  readonly scheduleHour: number;
  readonly scheduleMinute: number;
  /** IANA time zone of the schedule and of the snapshot's `dt` partition. */
  readonly timeZone: string;
  /** getappinfo `RequestField` list (with `Date`); undefined asks for every field. */
  readonly requestFields: readonly string[] | undefined;
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
  /** The anomaly rules: the documented defaults with the context's overrides. */
  readonly anomalyRules: RuleSettings;
  /** Address that gets the daily digest e-mail; `undefined` creates no digest topic. */
  readonly digestEmail: string | undefined;
  /** Whether to create the CloudWatch dashboard (free for an account's first three, then $3/month). */
  readonly dashboard: boolean;
  /** How many apps a run fetches at once (the function's CONCURRENCY). */
  readonly concurrency: number;
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
  'chat-opsdata:anomalyRules': {},
  'chat-opsdata:digestEmail': '',
  'chat-opsdata:dashboard': true,
  'chat-opsdata:concurrency': DEFAULT_CONCURRENCY,
} as const;

export type ContextKey = keyof typeof CONTEXT_DEFAULTS;

/** The values CloudWatch Logs accepts for a log group's retention. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

/**
 * Checks and normalizes the stack's context values, with the same rules the function applies to
 * its environment (functions/lib/checks.ts), so the stack never deploys a value the function
 * rejects.
 *
 * @param get returns the raw context value for a key (`node.tryGetContext`), `undefined` if unset
 * @throws ConfigError naming the key whose value is not valid
 */
export function readConfig(get: (key: ContextKey) => unknown): OpsdataConfig {
  const value = (key: ContextKey): unknown => get(key) ?? CONTEXT_DEFAULTS[key];
  const text = (key: ContextKey): string => {
    const raw = value(key);
    if (typeof raw !== 'string') throw new ConfigError(`${key} must be a string`, { field: key });
    return raw.trim();
  };
  // `-c key=10` arrives as the string "10"; cdk.json gives a number.
  const integer = (key: ContextKey, min: number, max: number): number => {
    const raw = value(key);
    const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(`${key} must be an integer from ${min} to ${max}, got ${String(raw)}`, {
        field: key,
      });
    }
    return n;
  };

  const logRetentionDays = integer('chat-opsdata:logRetentionDays', 1, 3653);
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    throw new ConfigError(
      `chat-opsdata:logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      { field: 'chat-opsdata:logRetentionDays' },
    );
  }

  // `-c key=false` arrives as the string "false"; cdk.json gives a boolean.
  const boolean = (key: ContextKey): boolean => {
    const raw = value(key);
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    throw new ConfigError(`${key} must be true or false, got ${String(raw)}`, { field: key });
  };
  const email = (key: ContextKey): string | undefined => {
    const address = text(key);
    if (address === '') return undefined;
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
      throw new ConfigError(`${key} is not an e-mail address: "${address}"`, { field: key });
    }
    return address;
  };

  const secret = text('chat-opsdata:secret');
  return {
    secret: secret === '' ? undefined : secret,
    scheduleHour: integer('chat-opsdata:scheduleHour', 0, 23),
    scheduleMinute: integer('chat-opsdata:scheduleMinute', 0, 59),
    timeZone: checkTimeZone(text('chat-opsdata:timeZone'), 'chat-opsdata:timeZone'),
    requestFields: parseRequestFields(
      text('chat-opsdata:requestFields'),
      'chat-opsdata:requestFields',
    ),
    snapshotPrefix: checkPrefix(text('chat-opsdata:snapshotPrefix'), 'chat-opsdata:snapshotPrefix'),
    logRetentionDays,
    alarmEmail: email('chat-opsdata:alarmEmail'),
    archiveAfterDays: integer('chat-opsdata:archiveAfterDays', 0, 36500),
    firstSnapshotDate: checkCalendarDate(
      text('chat-opsdata:firstSnapshotDate'),
      'chat-opsdata:firstSnapshotDate',
    ),
    // An object in cdk.json, JSON text from `-c`; the function's own parser checks both.
    anomalyRules: parseRuleSettings(
      value('chat-opsdata:anomalyRules'),
      'chat-opsdata:anomalyRules',
    ),
    digestEmail: email('chat-opsdata:digestEmail'),
    dashboard: boolean('chat-opsdata:dashboard'),
    concurrency: checkConcurrency(value('chat-opsdata:concurrency'), 'chat-opsdata:concurrency'),
  };
}
