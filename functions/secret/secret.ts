/**
 * The secret's contract: one app, or many under `apps`, and the chat webhooks under `notify`.
 * Parsing never echoes a value,
 * because every value in this document is sensitive or sits next to something that is.
 */

import { ConfigError } from '../core/errors.js';
import { isObject, jsonSyntaxProblem } from '../core/json.js';
import { closestName } from '../core/suggest.js';
import { isRegion, REGIONS, type Region } from '../getappinfo/regions.js';
import {
  kindOfHost,
  MAX_WEBHOOKS,
  PLATFORM_NAMES,
  SIGNED_KINDS,
  WEBHOOK_KINDS,
  type Webhook,
  type WebhookKind,
} from '../notify/webhook.js';

export interface AppConfig {
  readonly sdkAppId: number;
  readonly identifier: string;
  readonly secretKey: string;
  readonly region?: Region;
  /** A full base URL that replaces the region's domain (backup domain, proxy, simulator). */
  readonly endpoint?: string;
}

/** What the secret holds: the apps, and the chat webhooks the digest goes to (maybe none). */
export interface SecretDocument {
  readonly apps: AppConfig[];
  readonly notify: readonly Webhook[];
}

/** The fields of one app, the only keys an app object may have. */
export const APP_FIELDS = ['sdkAppId', 'identifier', 'secretKey', 'region', 'endpoint'] as const;

/**
 * The keys the document itself may have besides one app's fields: `apps`, and what applies to
 * every app: `notify`, the digest's chat webhooks (parseNotify).
 */
export const DOCUMENT_FIELDS = ['apps', 'notify'] as const;

/** What the secret was read from, for messages: `secret file ./secret.json`. */
export interface SecretOrigin {
  /** `secret file ./secret.json`, `secret chat-opsdata/tencent`. */
  readonly name: string;
  /** What to look at to fix it: `its SecretString`; nothing for a file. */
  readonly where?: string;
}

/**
 * What the stack stores in the secret it creates, until someone puts the credentials in it. Never
 * change it: the template's SecretString would change, and a deployment would write it over the
 * credentials put in the secret since.
 */
export const PLACEHOLDER_SECRET = {
  placeholder: 'replace with put-secret-value (stack output)',
} as const;

const UINT32_MAX = 0xffff_ffff;

/** A key is quoted in a message only when it looks like a field name, never like a value. */
const SHOWABLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,31}$/;

function fail(field: string, problem: string): never {
  throw new ConfigError(`secret field "${field}" ${problem}`, { field });
}

/** The number `value` is, or the one a string of digits writes; NaN for anything else. */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
}

function parseSdkAppId(value: unknown, field: string): number {
  if (value === undefined) fail(field, 'is missing');
  const n = numberOf(value);
  if (!Number.isInteger(n) || n < 1 || n > UINT32_MAX) {
    fail(field, 'must be the SDKAppID, a positive integer such as 1400000000');
  }
  return n;
}

function requireString(value: unknown, field: string): string {
  if (value === undefined) fail(field, 'is missing');
  if (typeof value !== 'string' || value.trim() === '') fail(field, 'must be a non-empty string');
  // A key or identifier pasted with a trailing newline would fail later as a wrong key (70009).
  return value.trim();
}

/**
 * What is wrong with where `url` sends what it carries (a UserSig, a webhook token), or undefined:
 * https, or plain http only to this machine, so neither crosses a network in clear text.
 */
function transportProblem(url: URL): string | undefined {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return 'must use https (plain http is accepted only for 127.0.0.1 / localhost)';
  }
  return undefined;
}

/** What is wrong with an endpoint base URL, or undefined when it is usable. */
export function endpointProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a full base URL such as https://adminapisgp.im.qcloud.com';
  }
  // The UserSig travels in the query string: never send it in clear text off this machine.
  const transport = transportProblem(url);
  if (transport !== undefined) return transport;
  // The text, not `url.search` / `url.hash`: `new URL` drops an empty query or fragment (`…/?`,
  // `…/#`), but either would still swallow the path appended to the base.
  if (/[?#]/.test(text) || url.username !== '' || url.password !== '') {
    return 'must be a base URL without query, fragment or credentials';
  }
  return undefined;
}

function parseEndpoint(value: unknown, field: string): string {
  const text = requireString(value, field);
  const problem = endpointProblem(text);
  if (problem !== undefined) fail(field, problem);
  return text;
}

/**
 * Rejects a key that is not one of `allowed`, with the one it most likely meant. A key that does
 * not look like a field name (a value pasted in the wrong place) is not quoted.
 */
function rejectUnknownKeys(
  value: Record<string, unknown>,
  path: string,
  allowed: readonly string[],
) {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    if (!SHOWABLE_KEY.test(key)) {
      fail(
        path || '(root)',
        `has a field that is not one of ${allowed.join(', ')} (its name is not shown: it does not look like a field name)`,
      );
    }
    // Every app allows the app fields: one not allowed here is beside "apps".
    if ((APP_FIELDS as readonly string[]).includes(key)) {
      fail(key, 'belongs in each app of "apps", not beside "apps"');
    }
    const meant = closestName(key, allowed);
    fail(
      path ? `${path}.${key}` : key,
      `is not a field of the secret${meant ? ` — did you mean "${meant}"?` : ` (fields: ${allowed.join(', ')})`}`,
    );
  }
}

/** One app: the document itself (`path` empty, `allowed` adding `apps` and `notify`), or one of `apps`. */
function parseApp(
  value: Record<string, unknown>,
  path: string,
  allowed: readonly string[],
): AppConfig {
  rejectUnknownKeys(value, path, allowed);
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const app: { -readonly [K in keyof AppConfig]: AppConfig[K] } = {
    sdkAppId: parseSdkAppId(value.sdkAppId, at('sdkAppId')),
    identifier: requireString(value.identifier, at('identifier')),
    secretKey: requireString(value.secretKey, at('secretKey')),
  };
  if (value.endpoint !== undefined) app.endpoint = parseEndpoint(value.endpoint, at('endpoint'));
  if (value.region !== undefined) {
    const region = requireString(value.region, at('region'));
    if (!isRegion(region)) fail(at('region'), `must be one of: ${REGIONS.join(', ')}`);
    app.region = region;
  } else if (app.endpoint === undefined) {
    fail(at('region'), `is missing (one of: ${REGIONS.join(', ')}; or set "endpoint")`);
  }
  return app;
}

/** The most characters a webhook URL or signing secret may have (real ones are ~100 and ~70). */
const MAX_WEBHOOK_TEXT = 2_048;

const WEBHOOK_FIELDS = ['kind', 'url', 'signingSecret'];

function parseWebhookUrl(value: unknown, field: string, kind: WebhookKind): string {
  const text = requireString(value, field);
  if (text.length > MAX_WEBHOOK_TEXT) fail(field, `is longer than ${MAX_WEBHOOK_TEXT} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(field, `must be the webhook's full URL, as ${PLATFORM_NAMES[kind]} shows it`);
  }
  const transport = transportProblem(url);
  if (transport !== undefined) fail(field, transport);
  if (url.username !== '' || url.password !== '')
    fail(field, 'must not hold credentials before the host');
  // The host names the platform, and is no secret; the path and query hold the token.
  const hostKind = kindOfHost(url.hostname);
  if (hostKind !== undefined && hostKind !== kind) {
    fail(
      field,
      `is a ${PLATFORM_NAMES[hostKind]} webhook (${url.hostname}), but "kind" is "${kind}"`,
    );
  }
  return text;
}

function parseWebhook(value: unknown, path: string): Webhook {
  if (!isObject(value)) fail(path, 'must be a JSON object with "kind" and "url"');
  for (const key of Object.keys(value)) {
    if (!WEBHOOK_FIELDS.includes(key)) {
      fail(`${path}.${key}`, `is not a webhook field (${WEBHOOK_FIELDS.join(', ')})`);
    }
  }
  const kind = requireString(value.kind, `${path}.kind`);
  if (!(WEBHOOK_KINDS as readonly string[]).includes(kind)) {
    fail(`${path}.kind`, `must be one of: ${WEBHOOK_KINDS.join(', ')}`);
  }
  const webhook: { -readonly [K in keyof Webhook]: Webhook[K] } = {
    kind: kind as WebhookKind,
    url: parseWebhookUrl(value.url, `${path}.url`, kind as WebhookKind),
  };
  if (value.signingSecret !== undefined) {
    const field = `${path}.signingSecret`;
    if (!SIGNED_KINDS.includes(webhook.kind)) {
      fail(
        field,
        `is only for ${SIGNED_KINDS.join(' and ')}: ${PLATFORM_NAMES[webhook.kind]} webhooks are not signed`,
      );
    }
    const secret = requireString(value.signingSecret, field);
    if (secret.length > MAX_WEBHOOK_TEXT)
      fail(field, `is longer than ${MAX_WEBHOOK_TEXT} characters`);
    webhook.signingSecret = secret;
  }
  return webhook;
}

/** The `notify` list: none when absent; at most `MAX_WEBHOOKS`, no URL twice. */
function parseNotify(value: unknown): Webhook[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('notify', 'must be an array of webhooks ({"kind", "url"})');
  if (value.length > MAX_WEBHOOKS) fail('notify', `may list at most ${MAX_WEBHOOKS} webhooks`);
  const webhooks = value.map((entry, i) => parseWebhook(entry, `notify[${i}]`));
  webhooks.forEach((webhook, i) => {
    if (webhooks.findIndex((other) => other.url === webhook.url) < i) {
      fail(
        `notify[${i}].url`,
        'repeats a webhook listed before it (it would get every message twice)',
      );
    }
  });
  return webhooks;
}

const SECRET: SecretOrigin = { name: 'the secret' };

/**
 * Parses the secret's text as JSON; an empty text and a syntax error are said with a position,
 * never with the text.
 * @throws ConfigError
 */
function parseJson(text: string, origin: SecretOrigin): unknown {
  const where = origin.where ? ` (${origin.where})` : '';
  if (text.trim() === '') {
    throw new ConfigError(
      `${origin.name} is empty${where} — it must hold the secret JSON: {"sdkAppId": …, "identifier": …, "secretKey": …, "region": …} or {"apps": [...]}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input, which is the secret: only a position is passed on.
    const found = jsonSyntaxProblem(text);
    const at = found ? `: line ${found.line}, column ${found.column}: ${found.problem}` : '';
    throw new ConfigError(`${origin.name} is not valid JSON${where}${at}`);
  }
}

/**
 * Parses and validates the secret JSON: the apps (one, or many under `apps`) and the `notify`
 * list beside them; `origin` names it in messages.
 * @throws ConfigError naming the first wrong field, never its value.
 */
export function parseSecretDocument(text: string, origin: SecretOrigin = SECRET): SecretDocument {
  const doc = parseJson(text, origin);
  if (Array.isArray(doc)) {
    fail(
      '(root)',
      'must be a JSON object, not an array — to list several apps, wrap them as {"apps": [...]}',
    );
  }
  if (!isObject(doc)) fail('(root)', 'must be a JSON object');
  if (Object.keys(doc).length === 1 && doc.placeholder === PLACEHOLDER_SECRET.placeholder) {
    throw new ConfigError(
      `${origin.name} still holds the placeholder the stack created — put the app credentials in it with the stack output PutSecretValueCommand (docs/deploy.md, step 4)`,
      { field: '(root)' },
    );
  }
  const notify = parseNotify(doc.notify);
  if (doc.apps === undefined) {
    return { apps: [parseApp(doc, '', [...APP_FIELDS, ...DOCUMENT_FIELDS])], notify };
  }
  rejectUnknownKeys(doc, '', DOCUMENT_FIELDS);
  if (!Array.isArray(doc.apps) || doc.apps.length === 0) {
    fail('apps', 'must be a non-empty array of apps');
  }
  const apps = doc.apps.map((app, i) => {
    if (!isObject(app)) fail(`apps[${i}]`, 'must be a JSON object');
    return parseApp(app, `apps[${i}]`, APP_FIELDS);
  });
  const seen = new Set<number>();
  apps.forEach((app, i) => {
    if (seen.has(app.sdkAppId)) fail(`apps[${i}].sdkAppId`, 'repeats an app listed before it');
    seen.add(app.sdkAppId);
  });
  return { apps, notify };
}

/**
 * The secret's apps alone (for callers that post no digest).
 * @throws ConfigError naming the first wrong field, never its value.
 */
export function parseSecret(text: string, origin: SecretOrigin = SECRET): AppConfig[] {
  return parseSecretDocument(text, origin).apps;
}
