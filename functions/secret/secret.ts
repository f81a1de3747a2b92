/**
 * The secret's contract: one app, or many under `apps`, and the chat webhooks under `notify`.
 * Parsing never echoes a value,
 * because every value in this document is sensitive or sits next to something that is.
 */

import { ConfigError } from '../core/errors.js';
import { isObject } from '../core/json.js';
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

const UINT32_MAX = 0xffff_ffff;

function fail(field: string, problem: string): never {
  throw new ConfigError(`secret field "${field}" ${problem}`, { field });
}

function parseSdkAppId(value: unknown, field: string): number {
  if (value === undefined) fail(field, 'is missing');
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > UINT32_MAX) {
    fail(field, 'must be the SDKAppID, a positive integer such as 1400000000');
  }
  return n;
}

function requireString(value: unknown, field: string): string {
  if (value === undefined) fail(field, 'is missing');
  if (typeof value !== 'string' || value.trim() === '') fail(field, 'must be a non-empty string');
  return value;
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
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
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

function parseApp(value: unknown, path: string): AppConfig {
  if (!isObject(value)) fail(path || '(root)', 'must be a JSON object');
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
  const text = requireString(value, field).trim();
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
  const kind = requireString(value.kind, `${path}.kind`).trim();
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
    const secret = requireString(value.signingSecret, field).trim();
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

/**
 * Parses and validates the secret JSON: the apps (one, or many under `apps`) and the `notify`
 * list beside them.
 * @throws ConfigError naming the first wrong field, never its value.
 */
export function parseSecretDocument(text: string): SecretDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input, which is the secret: never pass it on.
    throw new ConfigError('the secret is not valid JSON — check its SecretString');
  }
  if (!isObject(doc)) fail('(root)', 'must be a JSON object');
  const notify = parseNotify(doc.notify);
  if (doc.apps === undefined) return { apps: [parseApp(doc, '')], notify };
  if (!Array.isArray(doc.apps) || doc.apps.length === 0) {
    fail('apps', 'must be a non-empty array of apps');
  }
  const apps = doc.apps.map((app, i) => parseApp(app, `apps[${i}]`));
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
export function parseSecret(text: string): AppConfig[] {
  return parseSecretDocument(text).apps;
}
