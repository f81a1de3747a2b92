/**
 * The run: for every app, fetch getappinfo, normalize, write the raw body then the typed rows.
 * Shared by the Lambda handler and the CLI; one app's failure never stops the others.
 */
import { GetAppInfoError } from './errors.js';
import { type ClientOptions, fetchAppInfo } from './getappinfo-client.js';
import { toNdjson, toRow } from './opsdata-rows.js';
import type { AppConfig } from './secret.js';
import { runDate, snapshotKeys } from './snapshot-layout.js';
import type { SnapshotStore } from './snapshot-store.js';

export interface RunInput {
  readonly apps: readonly AppConfig[];
  readonly store: SnapshotStore;
  readonly prefix: string;
  readonly timeZone: string;
  readonly requestFields: readonly string[] | undefined;
  readonly runId: string;
  readonly now: Date;
  /** Epoch ms by which every call must be done (Lambda: from the remaining time). */
  readonly deadline: number;
  readonly client?: ClientOptions;
  /** How many apps are fetched at once; getappinfo allows 200 calls/s. */
  readonly concurrency?: number;
}

export interface AppFailure {
  readonly name: string;
  readonly message: string;
  readonly errorCode?: number;
  readonly hint?: string;
}

export interface AppResult {
  readonly sdkAppId: number;
  readonly ok: boolean;
  readonly rows: number;
  /** Oldest and newest `stat_date` in the snapshot. */
  readonly days?: { readonly from: string; readonly to: string };
  /** Locations written, raw first. */
  readonly written: readonly string[];
  readonly attempts: number;
  readonly latencyMs: number;
  readonly elapsedMs: number;
  readonly error?: AppFailure;
}

export interface RunSummary {
  readonly runId: string;
  readonly dt: string;
  readonly ok: boolean;
  readonly apps: readonly AppResult[];
}

function describeFailure(error: unknown): AppFailure {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { name, message } = error;
  if (!(error instanceof GetAppInfoError)) return { name, message };
  return {
    name,
    message,
    ...(error.errorCode !== undefined ? { errorCode: error.errorCode } : {}),
    ...(error.hint !== '' ? { hint: error.hint } : {}),
  };
}

async function snapshotApp(app: AppConfig, dt: string, input: RunInput): Promise<AppResult> {
  const started = Date.now();
  const written: string[] = [];
  let attempts = 0;
  try {
    const response = await fetchAppInfo(app, input.requestFields, input.deadline, input.client);
    attempts = response.attempts;
    const rows = response.result.map((element) =>
      toRow(element, {
        sdkAppId: app.sdkAppId,
        requestFields: input.requestFields,
        extractedAt: input.now,
        runId: input.runId,
      }),
    );
    const keys = snapshotKeys(input.prefix, dt, app.sdkAppId);
    // Raw first: if the typed write fails, the body is kept and a re-run rebuilds the rows.
    await input.store.put(keys.raw, response.body, 'application/json');
    written.push(input.store.locate(keys.raw));
    await input.store.put(keys.rows, toNdjson(rows), 'application/x-ndjson');
    written.push(input.store.locate(keys.rows));
    const dates = rows.map((r) => String(r.stat_date)).sort();
    return {
      sdkAppId: app.sdkAppId,
      ok: true,
      rows: rows.length,
      ...(dates.length > 0 ? { days: { from: dates[0] ?? '', to: dates.at(-1) ?? '' } } : {}),
      written,
      attempts,
      latencyMs: response.latencyMs,
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    // Anything, even a bug, fails this app only: the others still get their snapshot.
    const failedAttempts = error instanceof GetAppInfoError ? error.attempts : attempts;
    return {
      sdkAppId: app.sdkAppId,
      ok: false,
      rows: 0,
      written,
      attempts: failedAttempts,
      latencyMs: 0,
      elapsedMs: Date.now() - started,
      error: describeFailure(error),
    };
  }
}

/** Takes one snapshot per app; resolves with every app's result, failures included. */
export async function takeSnapshots(input: RunInput): Promise<RunSummary> {
  const dt = runDate(input.now, input.timeZone);
  const results: AppResult[] = new Array(input.apps.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < input.apps.length; i = next++) {
      const app = input.apps[i] as AppConfig;
      results[i] = await snapshotApp(app, dt, input);
    }
  };
  const workers = Math.max(1, Math.min(input.concurrency ?? 4, input.apps.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { runId: input.runId, dt, ok: results.every((r) => r.ok), apps: results };
}
