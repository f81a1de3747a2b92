/**
 * The invocation event: the scheduler's payload, optionally `{"apps":[...]}` to run a subset and
 * `{"force": true}` to replace apps already written for the run date.
 */

import { ConfigError } from '../core/errors.js';
import { isObject } from '../core/json.js';
import type { AppConfig } from '../secret/secret.js';

/** What an event asks of a run. */
export interface RunRequest {
  /** The apps to run: all of the secret's, or those in `event.apps`. */
  readonly apps: readonly AppConfig[];
  /** The secret's other apps (by SDKAppID), not run: the day's count still includes them. */
  readonly notSelected: readonly number[];
  /** Replace the apps already written for the run date instead of skipping them. */
  readonly force: boolean;
}

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

/**
 * Reads the event: which apps to run, and whether to replace the day (`force`).
 * @throws ConfigError naming `event.apps` or `event.force` when either is malformed.
 */
export function parseRunEvent(event: unknown, apps: readonly AppConfig[]): RunRequest {
  const selected = selectApps(event, apps);
  const force = isObject(event) ? event.force : undefined;
  if (force !== undefined && typeof force !== 'boolean') {
    throw new ConfigError('event.force must be true or false', { field: 'event.force' });
  }
  return {
    apps: selected,
    notSelected: apps.filter((app) => !selected.includes(app)).map((app) => app.sdkAppId),
    force: force ?? false,
  };
}
