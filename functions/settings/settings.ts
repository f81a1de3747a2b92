/**
 * Every setting of chat-opsdata in one table: the Lambda's environment variable, the stack's
 * cdk.json context key, the CLI's flag, the default and the check. The function
 * (lambda-config.ts), the stack (infra/config.ts) and the CLI (cli/cli-args.ts) read their values
 * through it, and docs/deploy.md's table of context keys is generated from it, so a setting is
 * named, defaulted and checked in one place.
 */
import type { AppMetricsLevel } from '../core/metric-names.js';
import { parseRuleSettings, type RuleSettings } from '../digest/anomaly-rules.js';
import {
  checkBoolean,
  checkCalendarDate,
  checkConcurrency,
  checkEmail,
  checkInteger,
  checkLogRetentionDays,
  checkPrefix,
  checkText,
  checkTimeZone,
  parseRequestFields,
} from './checks.js';
import {
  parseAppMetrics,
  parseEgress,
  parseSlackChannel,
  parseTeamsChannel,
  parseTopicKey,
} from './choices.js';

/** One setting: where it is read from, its default and its check. */
export interface Setting<T> {
  /** The function's environment variable, when the function reads it (the stack sets it). */
  readonly env?: string;
  /** The cdk.json context key, when the stack reads it. */
  readonly context?: `chat-opsdata:${string}`;
  /** The CLI flag (`npm start`), when the CLI takes it. */
  readonly flag?: `--${string}`;
  /** The default as written in cdk.json (what an unset or blank value means). */
  readonly default: string | number | boolean | Readonly<Record<string, never>>;
  /**
   * Checks a raw value (text from the environment, a flag or `-c`, or a cdk.json value) and
   * returns it typed.
   * @throws ConfigError naming `field` (the variable, key or flag it came from).
   */
  readonly parse: (value: unknown, field: string) => T;
  /** What it does, for people: Markdown, one paragraph (docs/deploy.md's context table). */
  readonly doc: string;
}

const text = (value: unknown, field: string) => checkText(value, field);
const optionalText = (value: unknown, field: string) => text(value, field) || undefined;

/**
 * The settings, by the name the code uses. The order is the order of docs/deploy.md's table.
 * Stack-only settings (the schedule, retention, e-mails) have no `env`: the stack turns them into
 * resources, not variables.
 */
export const SETTINGS = {
  secret: {
    env: 'SECRET_ID',
    context: 'chat-opsdata:secret',
    flag: '--secret-id',
    default: '',
    parse: optionalText,
    doc: "Empty: the stack creates a secret with a placeholder. Otherwise the **name** or the **complete ARN** (with its 6-character suffix) of an existing secret to use instead; a partial ARN works too unless the secret's name itself ends in a hyphen and six characters, which cannot be told from a suffix (same region; encrypted with the default `aws/secretsmanager` key, as the function is given no `kms:Decrypt`).",
  },
  bucket: {
    env: 'BUCKET_NAME',
    flag: '--bucket',
    default: '',
    parse: optionalText,
    doc: 'The snapshot bucket (the stack creates it).',
  },
  scheduleHour: {
    context: 'chat-opsdata:scheduleHour',
    default: 10,
    parse: (value, field) => checkInteger(value, field, 0, 23),
    doc: "Hour of the daily run (0–23), in `timeZone`. Tencent's console says a day is complete around 10:00 Beijing time.",
  },
  scheduleMinute: {
    context: 'chat-opsdata:scheduleMinute',
    default: 30,
    parse: (value, field) => checkInteger(value, field, 0, 59),
    doc: 'Minute of the daily run (0–59).',
  },
  timeZone: {
    env: 'TIME_ZONE',
    context: 'chat-opsdata:timeZone',
    flag: '--time-zone',
    default: 'Asia/Shanghai',
    parse: (value, field) => checkTimeZone(text(value, field), field),
    doc: 'IANA time zone of the schedule **and** of the `dt=` partition date (passed to the function as `TIME_ZONE`).',
  },
  requestFields: {
    env: 'REQUEST_FIELDS',
    context: 'chat-opsdata:requestFields',
    flag: '--fields',
    default: '',
    parse: (value, field) => parseRequestFields(text(value, field), field),
    doc: 'Comma list of getappinfo fields to request (`RequestField`); empty asks for all. Unknown names fail the synth.',
  },
  prefix: {
    env: 'SNAPSHOT_PREFIX',
    context: 'chat-opsdata:snapshotPrefix',
    flag: '--prefix',
    default: 'getappinfo',
    parse: (value, field) => checkPrefix(text(value, field), field),
    doc: 'Where the S3 keys start: `<prefix>/dt=…`, `raw/<prefix>/dt=…` and `days/<prefix>/month=…`. Path segments of letters, digits, `_`, `.` or `-` (e.g. `chat/getappinfo`), not `raw` or `days` or under them.',
  },
  logRetentionDays: {
    context: 'chat-opsdata:logRetentionDays',
    default: 90,
    parse: checkLogRetentionDays,
    doc: "Retention of the function's log group; one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …).",
  },
  alarmEmail: {
    context: 'chat-opsdata:alarmEmail',
    default: '',
    parse: checkEmail,
    doc: 'If set, this address is subscribed to the alarm topic (it must confirm the e-mail AWS sends).',
  },
  firstSnapshotDate: {
    context: 'chat-opsdata:firstSnapshotDate',
    default: '2026-01-01',
    parse: (value, field) => checkCalendarDate(text(value, field), field),
    doc: "First `dt` that Athena's partition projection covers (YYYY-MM-DD). Set it to the day of your first run (or earlier): days before it are invisible to Athena, days after it without data cost a cheap S3 listing per query.",
  },
  archiveAfterDays: {
    context: 'chat-opsdata:archiveAfterDays',
    default: 0,
    parse: (value, field) => checkInteger(value, field, 0, 36_500),
    doc: 'If > 0, current snapshots move to S3 Glacier Instant Retrieval (still readable by Athena) after this many days. Off by default: a snapshot object is 23–29 KB, and S3 lifecycle does not transition objects smaller than 128 KB unless told to, so it would save nothing.',
  },
  rules: {
    env: 'ANOMALY_RULES',
    context: 'chat-opsdata:anomalyRules',
    flag: '--rule',
    default: {},
    parse: (value, field): RuleSettings => parseRuleSettings(value, field),
    doc: 'Changes to the anomaly rules\' defaults, per rule and setting, e.g. `{"dau_drop":{"threshold":0.6},"data_late":{"enabled":false}}` (an object in `cdk.json`, JSON text with `-c`). The rules and their settings: [ops-signals.md](ops-signals.md#the-rules).',
  },
  digestEmail: {
    context: 'chat-opsdata:digestEmail',
    default: '',
    parse: checkEmail,
    doc: 'If set, a digest topic is created with this address subscribed, and every run e-mails the digest (confirm the subscription e-mail).',
  },
  digestTopicArn: {
    env: 'DIGEST_TOPIC_ARN',
    default: '',
    parse: optionalText,
    doc: 'The digest topic the function publishes to (the stack sets it with `digestEmail`).',
  },
  dashboard: {
    context: 'chat-opsdata:dashboard',
    default: true,
    parse: checkBoolean,
    doc: "`false` leaves out the CloudWatch dashboard (free for an account's first three dashboards, $3/month after that).",
  },
  topicKey: {
    context: 'chat-opsdata:topicKey',
    default: 'none',
    parse: parseTopicKey,
    doc: "How the alarm and digest topics are encrypted at rest. `none`: TLS-only topics with SNS's own encryption off, no customer managed key ($0; an alarm cannot publish to a topic under the free `aws/sns` key). `create`: a new KMS key, rotated yearly ($1/month, +$1 after each of the first two rotations). Or the ARN of an existing key: no new key, and the key policy must let CloudWatch and the function use it ([the statements](#the-topics-key)).",
  },
  appMetrics: {
    env: 'APP_METRICS',
    context: 'chat-opsdata:appMetrics',
    default: 'all',
    parse: (value, field): AppMetricsLevel => parseAppMetrics(value, field),
    doc: "Which of each app's figures go to CloudWatch, and so onto the dashboard: `all` (six figures and the anomaly count, 7 metrics, $0.0875 a month per app), `key` (active users and messages up, 2 metrics, $0.025 per app) or `none` ($0; the digest, the chat message and Athena still have every figure). See [the cost](#9-monthly-cost).",
  },
  dashboardUrl: {
    env: 'DASHBOARD_URL',
    default: '',
    parse: optionalText,
    doc: 'The dashboard the chat message and the digest e-mail link to (the stack sets it when there is a dashboard).',
  },
  slack: {
    context: 'chat-opsdata:slack',
    default: {},
    parse: parseSlackChannel,
    doc: 'Alarms to a Slack channel through AWS Chatbot (Amazon Q Developer in chat applications): `{"workspaceId":"T…","channelId":"C…"}` after authorizing the workspace once in its console; `{}`: none. The channel can read the alarms and run nothing ([how](#alarms-in-slack-or-teams)).',
  },
  teams: {
    context: 'chat-opsdata:teams',
    default: {},
    parse: parseTeamsChannel,
    doc: 'Alarms to a Microsoft Teams channel through AWS Chatbot: `{"teamId":"…","tenantId":"…","channelId":"19:…@thread.tacv2"}` after authorizing the team once in its console; `{}`: none.',
  },
  fixedEgressIp: {
    context: 'chat-opsdata:fixedEgressIp',
    default: false,
    parse: parseEgress,
    doc: '`true` (or `"instance"`) runs the function in a private subnet behind a NAT instance with an Elastic IP, output `EgressIp`, for Tencent\'s IP allowlist (error 60021); `"gateway"` uses a managed NAT gateway instead. Off by default; it costs ≈ $7.36 (instance) or ≈ $36.50 (gateway) a month ([a fixed egress address](#a-fixed-egress-address)).',
  },
  // 8: measured (bench/scale.ts), a 1,000-app run takes close to the ideal apps ÷ 8 × latency;
  // more only helps when the calls are slow, and then the Lambda's CPU (0.15 vCPU at 256 MB) is
  // the limit (docs/design.md).
  concurrency: {
    env: 'CONCURRENCY',
    context: 'chat-opsdata:concurrency',
    flag: '--concurrency',
    default: 8,
    parse: checkConcurrency,
    doc: 'How many apps a run fetches at once (1–64), passed as `CONCURRENCY`. See [design.md](design.md#how-many-apps-one-deployment-holds) for how many apps one deployment holds.',
  },
} as const satisfies Readonly<Record<string, Setting<unknown>>>;

export type SettingName = keyof typeof SETTINGS;

/** A setting's checked value. */
export type SettingValue<N extends SettingName> = ReturnType<(typeof SETTINGS)[N]['parse']>;

/**
 * Checks `raw` for the setting `name` as it is (an empty text is checked, not defaulted).
 * @throws ConfigError naming `field`.
 */
export function checkSetting<N extends SettingName>(
  name: N,
  raw: unknown,
  field: string,
): SettingValue<N> {
  const setting: Setting<unknown> = SETTINGS[name];
  return setting.parse(raw, field) as SettingValue<N>;
}

/**
 * Checks `raw` for the setting `name`; a missing or blank value means its default (an environment
 * variable set to nothing, as CI systems often leave them).
 * @throws ConfigError naming `field`.
 */
export function readSetting<N extends SettingName>(
  name: N,
  raw: unknown,
  field: string,
): SettingValue<N> {
  const blank = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  return checkSetting(name, blank ? SETTINGS[name].default : raw, field);
}

/** The settings every run takes, whatever started it (the Lambda or the CLI). */
export const RUN_SETTINGS = [
  'prefix',
  'timeZone',
  'requestFields',
  'concurrency',
  'rules',
] as const;

/** A setting every run takes. */
export type RunSettingName = (typeof RUN_SETTINGS)[number];

/** What a run is configured with, checked. */
export type RunSettings = { readonly [N in RunSettingName]: SettingValue<N> };

/** The run settings' defaults, checked (the CLI's demo and the tests start from these). */
export function defaultRunSettings(): RunSettings {
  return Object.fromEntries(
    RUN_SETTINGS.map((name) => [name, readSetting(name, undefined, name)]),
  ) as unknown as RunSettings;
}

/** The value of a run setting as the stack writes it into the function's environment. */
export function envValue<N extends RunSettingName>(name: N, value: SettingValue<N>): string {
  if (name === 'requestFields') return (value as readonly string[] | undefined)?.join(',') ?? '';
  if (name === 'rules') return JSON.stringify(value);
  return String(value);
}
