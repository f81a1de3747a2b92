/** The invocation event: the scheduler's payload, optionally `{"apps":[...]}` to run a subset. */

import { ConfigError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import type { AppConfig } from '../secret/secret.js';

/**
 * Picks the apps to run: all of them, or those listed in `event.apps`.
 * @throws ConfigError when `apps` is malformed or names an app the secret does not hold.
 */
export function selectApps(event: unknown, apps: readonly AppConfig[]): readonly AppConfig[] {
  const wanted = isObject(event) ? event.apps : undefined;
  if (wanted === undefined) return apps;
  if (
    !Array.isArray(wanted) ||
    wanted.length === 0 ||
    !wanted.every((id) => Number.isSafeInteger(id) && id > 0)
  ) {
    throw new ConfigError('event.apps must be a non-empty array of SDKAppIDs (numbers)', {
      field: 'event.apps',
    });
  }
  const unknown = wanted.filter((id) => !apps.some((app) => app.sdkAppId === id));
  if (unknown.length > 0) {
    throw new ConfigError(`event.apps lists apps the secret does not hold: ${unknown.join(', ')}`, {
      field: 'event.apps',
    });
  }
  return apps.filter((app) => wanted.includes(app.sdkAppId));
}
