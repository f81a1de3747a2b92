/**
 * Snapshot folders for the report's tests, the benchmark and the README screenshot: the
 * simulator's deterministic data, taken through the pipeline's own parsing and NDJSON writer.
 */

import { toNdjson, toRow } from '../../functions/core/opsdata-rows.js';
import { COUNT_FIELDS, type OpsdataRow } from '../../functions/core/opsdata-schema.js';
import { snapshotKeys } from '../../functions/core/snapshot-layout.js';
import { parseGetAppInfoBody } from '../../functions/getappinfo/response.js';
import { dirStore } from '../../functions/local/dir-store.js';
import { type SimulatedApp, simulatedResult } from '../../simulator/data.js';

/** One run: its date and the apps it wrote. */
export interface FixtureRun {
  /** The run date, `YYYY-MM-DD`: the snapshot holds the 30 days before it. */
  readonly dt: string;
  readonly apps: readonly SimulatedApp[];
  /** Days (`YYYY-MM-DD`) left out of this snapshot, as if the API had not sent them. */
  readonly dropDays?: readonly string[];
}

/** The NDJSON one app's snapshot of run date `dt` holds (taken at 12:00 Beijing time). */
export function fixtureNdjson(app: SimulatedApp, dt: string, dropDays: readonly string[] = []) {
  const now = new Date(`${dt}T04:00:00Z`);
  const dropped = new Set(dropDays.map((day) => day.replaceAll('-', '')));
  const result = simulatedResult(app, now).filter((day) => !dropped.has(String(day.Date)));
  const body = JSON.stringify({ ErrorCode: 0, ErrorInfo: '', Result: result });
  const ctx = {
    sdkAppId: app.sdkAppId,
    requestFields: undefined,
    extractedAt: now,
    runId: `run-${dt}`,
  };
  return toNdjson(parseGetAppInfoBody(body, app.sdkAppId, { now }).map((day) => toRow(day, ctx)));
}

/** Writes the runs' snapshots under `root` with the S3 layout (`<prefix>/dt=…/<id>.json`). */
export async function writeFixtureSnapshots(
  root: string,
  runs: readonly FixtureRun[],
  prefix = 'getappinfo',
): Promise<void> {
  const store = dirStore(root);
  for (const run of runs) {
    for (const app of run.apps) {
      const key = snapshotKeys(prefix, run.dt, app.sdkAppId).rows;
      await store.put(key, fixtureNdjson(app, run.dt, run.dropDays), 'application/x-ndjson');
    }
  }
}

/** An app for the report's tests; `name` is sent as its AppName. */
export function fixtureApp(sdkAppId: number, name: string, company = 'Example Corp'): SimulatedApp {
  return {
    sdkAppId,
    adminIdentifier: 'administrator',
    secretKey: 'unused',
    appName: name,
    company,
  };
}

/** A row built by hand: app 1400000001 on `stat_date`, every count null but those given. */
export function reportRow(
  fields: Partial<OpsdataRow> & { readonly stat_date: string },
): OpsdataRow {
  const nulls = Object.fromEntries(COUNT_FIELDS.map((f) => [f.column, null]));
  return {
    app_id: 1400000001n,
    app_name: 'Demo Chat',
    company: 'Example Corp',
    api_app_id: 1400000001n,
    ...nulls,
    invalid_fields: [],
    extra: {},
    extracted_at: '2026-11-28T02:00:00.000Z',
    run_id: 'run',
    schema_version: 1,
    ...fields,
  } as OpsdataRow;
}
