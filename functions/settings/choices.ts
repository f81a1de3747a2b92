/**
 * The checks of the deployment choices (docs/deploy.md, "What a deployment chooses"): the topics'
 * key, which per-app metrics are kept, alarms to a Slack or Teams channel, a fixed egress
 * address. Each takes a cdk.json value (or the text `-c` gives) and returns it typed, or throws a
 * `ConfigError` naming the key.
 */
import { ConfigError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import { APP_METRICS_LEVELS, type AppMetricsLevel } from '../core/metric-names.js';
import { checkText } from './checks.js';

/** How the SNS topics are encrypted at rest. */
export type TopicKeyChoice =
  | { readonly kind: 'none' }
  | { readonly kind: 'create' }
  | { readonly kind: 'arn'; readonly arn: string };

/** A KMS key ARN: `arn:<partition>:kms:<region>:<account>:key/<key id>` (a multi-Region id too). */
const KEY_ARN =
  /^arn:aws(-[a-z]+)*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/**
 * Checks `topicKey`: `"none"` (or empty), `"create"`, or the ARN of an existing KMS key.
 * @throws ConfigError naming `field`.
 */
export function parseTopicKey(value: unknown, field: string): TopicKeyChoice {
  const text = checkText(value, field);
  if (text === '' || text === 'none') return { kind: 'none' };
  if (text === 'create') return { kind: 'create' };
  if (KEY_ARN.test(text)) return { kind: 'arn', arn: text };
  const hint = text.startsWith('alias/')
    ? ' (an alias is not accepted: give the key ARN it points to)'
    : '';
  throw new ConfigError(
    `${field} must be "none", "create" or a KMS key ARN such as arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab${hint}`,
    { field },
  );
}

/**
 * Checks `appMetrics`: `all`, `key` or `none`.
 * @throws ConfigError naming `field`.
 */
export function parseAppMetrics(value: unknown, field: string): AppMetricsLevel {
  const text = checkText(value, field);
  if ((APP_METRICS_LEVELS as readonly string[]).includes(text)) return text as AppMetricsLevel;
  throw new ConfigError(`${field} must be one of ${APP_METRICS_LEVELS.join(', ')}`, { field });
}

/** A Slack channel that AWS Chatbot (Amazon Q Developer in chat applications) posts to. */
export interface SlackChannel {
  readonly workspaceId: string;
  readonly channelId: string;
}

/** A Microsoft Teams channel that AWS Chatbot posts to; `channelId` URL-encoded, as CloudFormation takes it. */
export interface TeamsChannel {
  readonly teamId: string;
  readonly tenantId: string;
  readonly channelId: string;
}

/** An object from cdk.json, or the JSON text `-c key='{…}'` gives; `{}` or empty means none. */
function objectSetting(value: unknown, field: string): Record<string, unknown> | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    try {
      parsed = JSON.parse(value);
    } catch {
      // Not JSON: the text itself is what the check below rejects.
    }
  }
  if (!isObject(parsed)) throw new ConfigError(`${field} must be a JSON object`, { field });
  return Object.keys(parsed).length === 0 ? undefined : parsed;
}

/** The object's fields, exactly `names`, each a string matching its pattern once trimmed. */
function idFields<K extends string>(
  value: Record<string, unknown>,
  field: string,
  ids: Readonly<Record<K, { pattern: RegExp; example: string }>>,
): Record<K, string> {
  const names = Object.keys(ids) as K[];
  const unknown = Object.keys(value).filter((key) => !names.includes(key as K));
  if (unknown.length > 0) {
    throw new ConfigError(
      `${field} takes ${names.join(', ')}; not ${unknown.map((k) => `"${k}"`).join(', ')}`,
      { field },
    );
  }
  const out = {} as Record<K, string>;
  for (const name of names) {
    const id = value[name];
    const { pattern, example } = ids[name];
    if (typeof id !== 'string' || !pattern.test(id.trim())) {
      throw new ConfigError(`${field}.${name} must be an ID such as ${example}`, {
        field: `${field}.${name}`,
      });
    }
    out[name] = id.trim();
  }
  return out;
}

// CloudFormation's patterns for AWS::Chatbot::SlackChannelConfiguration and
// AWS::Chatbot::MicrosoftTeamsChannelConfiguration.
const SLACK_WORKSPACE = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL = /^[A-Za-z0-9]{1,256}$/;
const UUID = /^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
const TEAMS_CHANNEL = /^[a-zA-Z0-9\-_=+/.,]*%3[aA][a-zA-Z0-9\-_=+/.,]*%40[a-zA-Z0-9\-_=+/.,]*$/;

/**
 * Checks `slack`: `{}` (none) or `{ "workspaceId": "T…", "channelId": "C…" }`.
 * @throws ConfigError naming the key or its field.
 */
export function parseSlackChannel(value: unknown, field: string): SlackChannel | undefined {
  const object = objectSetting(value, field);
  if (object === undefined) return undefined;
  return idFields(object, field, {
    workspaceId: { pattern: SLACK_WORKSPACE, example: 'T0123ABCD (Amazon Q Developer console)' },
    channelId: { pattern: SLACK_CHANNEL, example: 'C0123456789 (the channel’s ID, not its name)' },
  });
}

/**
 * Checks `teams`: `{}` (none) or `{ "teamId", "tenantId", "channelId" }`. The channel ID Teams
 * copies (`19:…@thread.tacv2`) is URL-encoded here, the form CloudFormation takes.
 * @throws ConfigError naming the key or its field.
 */
export function parseTeamsChannel(value: unknown, field: string): TeamsChannel | undefined {
  const object = objectSetting(value, field);
  if (object === undefined) return undefined;
  const channel = object.channelId;
  const encoded =
    typeof channel === 'string' ? channel.replaceAll(':', '%3a').replaceAll('@', '%40') : channel;
  return idFields({ ...object, channelId: encoded }, field, {
    teamId: { pattern: UUID, example: '00000000-0000-0000-0000-000000000000 (a UUID)' },
    tenantId: { pattern: UUID, example: '00000000-0000-0000-0000-000000000000 (a UUID)' },
    channelId: { pattern: TEAMS_CHANNEL, example: '19:0123abcd…@thread.tacv2' },
  });
}

/** How the function reaches the internet from a fixed address; `off`: no VPC at all. */
export type EgressChoice = 'off' | 'instance' | 'gateway';

/**
 * Checks `fixedEgressIp`: `false`, `true` (= `"instance"`), `"instance"` or `"gateway"`.
 * @throws ConfigError naming `field`.
 */
export function parseEgress(value: unknown, field: string): EgressChoice {
  if (value === false || value === 'false' || value === '') return 'off';
  if (value === true || value === 'true' || value === 'instance') return 'instance';
  if (value === 'gateway') return 'gateway';
  throw new ConfigError(
    `${field} must be false, true (a NAT instance), "instance" or "gateway" (a managed NAT gateway)`,
    { field },
  );
}
