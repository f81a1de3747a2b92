/**
 * The run: for every app not yet written for the run date, fetch getappinfo, normalize, write the
 * raw body, then the typed rows, merge the rows into the app's month objects, then write its done
 * marker. Shared by the Lambda handler and the CLI; one app's failure never stops the others, and
 * a retry does only what is left.
 */

import { dayIn } from '../core/dates.js';
import { GetAppInfoError } from '../core/errors.js';
import { inParallel } from '../core/in-parallel.js';
import { toNdjson, toRow } from '../core/opsdata-rows.js';
import type { OpsdataRow } from '../core/opsdata-schema.js';
import { plainText } from '../core/plain-text.js';
import { snapshotKeys } from '../core/snapshot-layout.js';
import { type Digest, digestOf } from '../digest/digest.js';
import { type ClientOptions, fetchAppInfo } from '../getappinfo/client.js';
import type { GiveUpReason } from '../getappinfo/retry-policy.js';
import { writeMonths } from '../months/month-writer.js';
import type { AppConfig } from '../secret/secret.js';
import type { RunSettings } from '../settings/settings.js';
import { type AppSkipped, alreadyDone, markDone } from './done-marker.js';
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
  /** Replace apps already written for the run date, instead of skipping them. */
  readonly force?: boolean;
  /**
   * The secret's other apps, which this run does not take (`{"apps":[…]}`): only their done
   * markers are read, so that `notWritten` counts every app of the day.
   */
  readonly notSelected?: readonly number[];
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
  /** Every app this run took was written (skipped ones were, by an earlier run). */
  readonly ok: boolean;
  /** The apps this run took, written or failed, in the secret's order. */
  readonly apps: readonly AppResult[];
  /** The apps an earlier run already wrote for `dt`: not fetched, not written again. */
  readonly skipped: readonly AppSkipped[];
  /**
   * The secret's apps with no complete snapshot for `dt` when this run ended: those that failed
   * now, and those not taken by this run that no earlier run wrote. Empty: the day is complete.
   */
  readonly notWritten: readonly number[];
}

/** How long a failure's message may be where it is shown (it may quote an AWS or API text). */
const FAILURE_MESSAGE_MAX = 1_000;

function describeFailure(error: unknown, gaveUp?: GiveUpReason): AppFailure {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: plainText(String(error), FAILURE_MESSAGE_MAX) };
  }
  const { name } = error;
  // Store errors quote S3's answer, getappinfo's quote the API: one safe line either way.
  const message = plainText(error.message, FAILURE_MESSAGE_MAX);
  if (!(error instanceof GetAppInfoError)) return { name, message };
  return {
    name,
    message,
    ...(error.errorCode !== undefined ? { errorCode: error.errorCode } : {}),
    ...(error.hint !== '' ? { hint: error.hint } : {}),
    // Stryker disable next-line ConditionalExpression: equivalent, nothing reads `gaveUp` but JSON.stringify (--json, the Lambda result, logs), which drops an undefined field
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

async function snapshotApp(
  app: AppConfig,
  dt: string,
  input: RunInput,
): Promise<AppResult | AppSkipped> {
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
    if (!input.force) {
      const skipped = await alreadyDone(input.store, settings.prefix, dt, app.sdkAppId);
      if (skipped !== undefined) return skipped;
    }
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
    const to = dates.at(-1);
    // The first date is there whenever the last one is.
    const days = to === undefined ? undefined : { from: dates[0] ?? to, to };
    // Last: only now is everything of this app written for dt, its month objects included.
    await markDone(
      input.store,
      settings.prefix,
      dt,
      { sdkAppId: app.sdkAppId, rows: rows.length, days },
      input,
    );
    const newest = rows.find((row) => row.stat_date === to);
    return {
      sdkAppId: app.sdkAppId,
      ok: true,
      appName: newest?.app_name ?? null,
      company: newest?.company ?? null,
      rows: rows.length,
      ...(days ? { days } : {}),
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

/** Which of `sdkAppIds` have no done marker for `dt` (one the store cannot read counts as none). */
async function notDone(input: RunInput, dt: string, sdkAppIds: readonly number[]) {
  const done = await inParallel(sdkAppIds, input.settings.concurrency, (id) =>
    alreadyDone(input.store, input.settings.prefix, dt, id).catch(() => undefined),
  );
  return sdkAppIds.filter((_, i) => done[i] === undefined);
}

/**
 * Takes one snapshot per app not yet written for the run date (every app with `force`); resolves
 * with every app's result, failures included, and the apps skipped as already written. Only the
 * apps an earlier attempt did not finish are fetched, so a retry spends its time on them.
 */
export async function takeSnapshots(input: RunInput): Promise<RunSummary> {
  const dt = dayIn(input.now, input.settings.timeZone);
  // snapshotApp never rejects (a failure is its result), so every app is taken.
  const outcomes = await inParallel(input.apps, input.settings.concurrency, (app) =>
    snapshotApp(app, dt, input),
  );
  const apps = outcomes.filter((o): o is AppResult => 'ok' in o);
  const skipped = outcomes.filter((o): o is AppSkipped => !('ok' in o));
  const notWritten = [
    ...apps.filter((app) => !app.ok).map((app) => app.sdkAppId),
    ...(await notDone(input, dt, input.notSelected ?? [])),
  ];
  return { runId: input.runId, dt, ok: apps.every((r) => r.ok), apps, skipped, notWritten };
}
