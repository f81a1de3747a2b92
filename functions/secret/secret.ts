/**
 * The secret's contract: one app, or many under `apps`. Parsing never echoes a value,
 * because every value in this document is sensitive or sits next to something that is.
 */

import { ConfigError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import { isRegion, REGIONS, type Region } from '../getappinfo/regions.js';

export interface AppConfig {
  readonly sdkAppId: number;
  readonly identifier: string;
  readonly secretKey: string;
  readonly region?: Region;
  /** A full base URL that replaces the region's domain (backup domain, proxy, simulator). */
  readonly endpoint?: string;
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
  // A key or identifier pasted with a trailing newline would fail later as a wrong key (70009).
  return value.trim();
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
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return 'must use https (plain http is accepted only for 127.0.0.1 / localhost)';
  }
  // `new URL` drops an empty query or fragment (`…/?`, `…/#`), but either would still swallow the
  // path appended to the base: look at the text too.
  const queryOrFragment = url.search !== '' || url.hash !== '' || /[?#]/.test(text);
  if (queryOrFragment || url.username !== '' || url.password !== '') {
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

/**
 * Parses and validates the secret JSON.
 * @throws ConfigError naming the first wrong field, never its value.
 */
export function parseSecret(text: string): AppConfig[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input, which is the secret: never pass it on.
    throw new ConfigError('the secret is not valid JSON — check its SecretString');
  }
  if (!isObject(doc)) fail('(root)', 'must be a JSON object');
  if (doc.apps === undefined) return [parseApp(doc, '')];
  if (!Array.isArray(doc.apps) || doc.apps.length === 0) {
    fail('apps', 'must be a non-empty array of apps');
  }
  const apps = doc.apps.map((app, i) => parseApp(app, `apps[${i}]`));
  const seen = new Set<number>();
  apps.forEach((app, i) => {
    if (seen.has(app.sdkAppId)) fail(`apps[${i}].sdkAppId`, 'repeats an app listed before it');
    seen.add(app.sdkAppId);
  });
  return apps;
}
