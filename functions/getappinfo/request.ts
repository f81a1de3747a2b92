/** The getappinfo request: URL, query parameters and body, built from pure inputs. */

import { ConfigError } from '../core/errors.js';
import type { AppConfig } from '../secret/secret.js';
import { REGION_DOMAINS } from './regions.js';

export const GETAPPINFO_PATH = '/v4/openconfigsvr/getappinfo';

/** The base URL of the Chat REST API for this app: `endpoint` if set, else its region's domain. */
export function apiBaseUrl(app: AppConfig): string {
  if (app.endpoint !== undefined) return app.endpoint.replace(/\/+$/, '');
  if (app.region === undefined) {
    throw new ConfigError(`app ${app.sdkAppId} has neither "region" nor "endpoint"`, {
      field: 'region',
    });
  }
  return `https://${REGION_DOMAINS[app.region]}`;
}

/**
 * The full request URL; `random` is a uint32 chosen by the caller. Built with `URL`, so the path
 * and the query land where they belong whatever the base holds (a proxy's path included).
 */
export function getAppInfoUrl(app: AppConfig, userSig: string, random: number): string {
  const url = new URL(apiBaseUrl(app));
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${GETAPPINFO_PATH}`;
  url.search = new URLSearchParams({
    sdkappid: String(app.sdkAppId),
    identifier: app.identifier,
    usersig: userSig,
    random: String(random),
    contenttype: 'json',
  }).toString();
  url.hash = '';
  return url.href;
}

/**
 * The JSON body: `{}` for every field (JSON.stringify leaves out an undefined `RequestField`), or
 * `{"RequestField":[...]}` for a subset.
 */
export function getAppInfoBody(requestFields: readonly string[] | undefined): string {
  return JSON.stringify({ RequestField: requestFields });
}

/**
 * `usersig` followed by what joins a name to its value in a URL, a percent-encoded URL, JSON (also
 * escaped inside a JSON string), a JavaScript string or HTML, then an opening quote if any. A
 * server that echoes the request may show the parameter in any of these forms.
 */
const USERSIG_KEY =
  /(usersig(?:\\?["']|&quot;|&#34;)?\s*(?:=|%3d|\\u003d|\\x3d|:|%3a)\s*(?:\\?["']|&quot;|&#34;|%22|%27)?)(?:%2a|[\w*+/=-])+/gi;

/**
 * Hides the UserSig in any text that may hold one (log lines, error messages, an echoed request,
 * an ErrorInfo): every `usersig=…` in the forms above and, when given, every occurrence of the
 * attempt's own `userSig` value wherever it appears (percent-encoded too).
 */
export function redactUserSig(text: string, userSig?: string): string {
  let redacted = text;
  if (userSig) {
    // The UserSig alphabet is base64's with * - _: only `*` changes when percent-encoded.
    for (const form of new Set([
      userSig,
      userSig.replaceAll('*', '%2A'),
      userSig.replaceAll('*', '%2a'),
    ])) {
      redacted = redacted.replaceAll(form, 'REDACTED');
    }
  }
  return redacted.replace(USERSIG_KEY, '$1REDACTED');
}
