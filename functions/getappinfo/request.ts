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

/** The full request URL; `random` is a uint32 chosen by the caller. */
export function getAppInfoUrl(app: AppConfig, userSig: string, random: number): string {
  const query = new URLSearchParams({
    sdkappid: String(app.sdkAppId),
    identifier: app.identifier,
    usersig: userSig,
    random: String(random),
    contenttype: 'json',
  });
  return `${apiBaseUrl(app)}${GETAPPINFO_PATH}?${query}`;
}

/** The JSON body: `{}` for every field, or `{"RequestField":[...]}` for a subset. */
export function getAppInfoBody(requestFields: readonly string[] | undefined): string {
  return requestFields === undefined ? '{}' : JSON.stringify({ RequestField: requestFields });
}

/** Hides the UserSig in any text that may hold a request URL (log lines, error messages). */
export function redactUserSig(text: string): string {
  return text.replace(/(usersig=)[^&\s"']*/gi, '$1REDACTED');
}
