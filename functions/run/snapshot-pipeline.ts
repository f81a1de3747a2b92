/**
 * The run: for every app, fetch getappinfo, normalize, write the raw body then the typed rows,
 * then merge the rows into the app's month objects. Shared by the Lambda handler and the CLI;
 * one app's failure never stops the others.
 */

import { dayIn } from '../core/dates.js';
import { GetAppInfoError } from '../core/errors.js';
import { toNdjson, toRow } from '../core/opsdata-rows.js';
import type { OpsdataRow } from '../core/opsdata-schema.js';
import { snapshotKeys } from '../core/snapshot-layout.js';
import { type Digest, digestOf } from '../digest/digest.js';
import { type ClientOptions, fetchAppInfo } from '../getappinfo/client.js';
import type { GiveUpReason } from '../getappinfo/retry-policy.js';
import { writeMonths } from '../months/month-writer.js';
import type { AppConfig } from '../secret/secret.js';
import type { RunSettings } from '../settings/settings.js';
import type { SnapshotStore } from './snapshot-store.js';

export interface RunInput {
  readonly apps: readonly AppConfig[];
  readonly store: SnapshotStore;
  /** Prefix, time zone, request fields, concurrency and anomaly rules (settings/settings.ts). */
  readonly settings: RunSettings;
  readonly runId: string;
  readonly now: Date;
  /** Epoch ms by which every call must be done (Lambda: from the remaining time). */
  readonly deadline: number;
  readonly client?: ClientOptions;
}

/** Why an app failed, as the summary, the log and `--json` show it. Never carries a secret. */
export interface AppFailure {
  readonly name: string;
  readonly message: string;
  readonly errorCode?: number;
  readonly hint?: string;
  /** Why the client stopped retrying, for a getappinfo failure. */
  readonly gaveUp?: GiveUpReason;
}

/** Oldest and newest `stat_date` in a snapshot. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

interface AppOutcome {
  readonly sdkAppId: number;
  /**
   * Locations written: the raw body, the rows, then the month objects that changed (a failed app
   * may have its raw body and rows kept).
   */
  readonly written: readonly string[];
  /** getappinfo attempts made. */
  readonly attempts: number;
  readonly elapsedMs: number;
}

/** An app whose snapshot was written in full. */
export interface AppSnapshot extends AppOutcome {
  readonly ok: true;
  /** `app_name` and `company` of the newest day, as the API sent them (escape where shown). */
  readonly appName: string | null;
  readonly company: string | null;
  readonly rows: number;
  /** Undefined when the API answered with no days at all. */
  readonly days?: DayRange;
  /** Duration of the successful getappinfo attempt. */
  readonly latencyMs: number;
  /** The newest day against the days before it, and the anomalies the rules found. */
  readonly digest: Digest;
}

/** An app whose snapshot was not written (or only its raw body). */
export interface AppFailed extends AppOutcome {
  readonly ok: false;
  readonly error: AppFailure;
}

export type AppResult = AppSnapshot | AppFailed;

export interface RunSummary {
  readonly runId: string;
  readonly dt: string;
  readonly ok: boolean;
  readonly apps: readonly AppResult[];
}

function describeFailure(error: unknown, gaveUp?: GiveUpReason): AppFailure {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { name, message } = error;
  if (!(error instanceof GetAppInfoError)) return { name, message };
  return {
    name,
    message,
    ...(error.errorCode !== undefined ? { errorCode: error.errorCode } : {}),
    ...(error.hint !== '' ? { hint: error.hint } : {}),
    ...(gaveUp !== undefined ? { gaveUp } : {}),
  };
}

/**
 * Merges a snapshot's rows into the app's month objects (`days/<prefix>/month=…`), after the
 * snapshot itself is written; returns the locations of the objects it changed. A failure here
 * fails the app like any other write (the next run's 30 days merge again).
 */
async function mergeIntoMonths(
  app: AppConfig,
  dt: string,
  rows: readonly OpsdataRow[],
  input: RunInput,
): Promise<string[]> {
  const { store, settings, deadline } = input;
  const dated = rows.map((row) => ({ ...row, dt }));
  // The deadline is on the clock the getappinfo client keeps (tests and tools move it).
  const now = input.client?.clock;
  const months = await writeMonths(app.sdkAppId, dated, {
    store,
    prefix: settings.prefix,
    deadline,
    ...(now ? { now } : {}),
  });
  return months.filter((m) => m.outcome !== 'unchanged').map((m) => store.locate(m.key));
}

async function snapshotApp(app: AppConfig, dt: string, input: RunInput): Promise<AppResult> {
  const started = Date.now();
  const written: string[] = [];
  let attempts = 0;
  const failed = (error: unknown, gaveUp?: GiveUpReason): AppFailed => ({
    sdkAppId: app.sdkAppId,
    ok: false,
    written,
    attempts,
    elapsedMs: Date.now() - started,
    error: describeFailure(error, gaveUp),
  });
  try {
    const { settings } = input;
    const fetched = await fetchAppInfo(app, settings.requestFields, input.deadline, input.client);
    attempts = fetched.attempts;
    if (!fetched.ok) return failed(fetched.error, fetched.gaveUp);
    const rows = fetched.days.map((day) =>
      toRow(day, {
        sdkAppId: app.sdkAppId,
        requestFields: settings.requestFields,
        extractedAt: input.now,
        runId: input.runId,
      }),
    );
    const keys = snapshotKeys(settings.prefix, dt, app.sdkAppId);
    // Raw first: if the typed write fails, the body is kept and a re-run rebuilds the rows.
    await input.store.put(keys.raw, fetched.body, 'application/json');
    written.push(input.store.locate(keys.raw));
    await input.store.put(keys.rows, toNdjson(rows), 'application/x-ndjson');
    written.push(input.store.locate(keys.rows));
    written.push(...(await mergeIntoMonths(app, dt, rows, input)));
    const dates = rows.map((row) => row.stat_date).sort();
    const [from, to] = [dates[0], dates.at(-1)];
    const newest = rows.find((row) => row.stat_date === to);
    return {
      sdkAppId: app.sdkAppId,
      ok: true,
      appName: newest?.app_name ?? null,
      company: newest?.company ?? null,
      rows: rows.length,
      ...(from !== undefined && to !== undefined ? { days: { from, to } } : {}),
      written,
      attempts,
      latencyMs: fetched.latencyMs,
      elapsedMs: Date.now() - started,
      digest: digestOf(rows, { runDate: dt, rules: settings.rules }),
    };
  } catch (error) {
    // Anything else, even a bug, fails this app only: the others still get their snapshot.
    return failed(error);
  }
}

/** Takes one snapshot per app; resolves with every app's result, failures included. */
export async function takeSnapshots(input: RunInput): Promise<RunSummary> {
  const dt = dayIn(input.now, input.settings.timeZone);
  const results: AppResult[] = new Array(input.apps.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < input.apps.length; i = next++) {
      const app = input.apps[i] as AppConfig;
      results[i] = await snapshotApp(app, dt, input);
    }
  };
  const workers = Math.max(1, Math.min(input.settings.concurrency, input.apps.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { runId: input.runId, dt, ok: results.every((r) => r.ok), apps: results };
}
