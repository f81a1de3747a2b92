/**
 * The done marker: `days/<prefix>/runs/dt=YYYY-MM-DD/<sdkAppId>.done`, written last, once
 * everything of an app's snapshot for that run date is written. A retry or a second run of the
 * same date skips an app that has one (no getappinfo call, no write); `force` replaces the day on
 * purpose. Its existence is what counts: what it holds only says which run wrote the day.
 */

import { isCalendarDate } from '../core/dates.js';
import { isObject } from '../core/json.js';
import { doneKey } from '../core/snapshot-layout.js';
import type { AppSnapshot, DayRange } from './snapshot-pipeline.js';
import type { SnapshotStore } from './snapshot-store.js';

/** What a done marker tells about the run that wrote the day. */
export interface DoneRecord {
  readonly runId: string;
  /** ISO 8601, when the marker was written. */
  readonly writtenAt: string;
  readonly rows: number;
  readonly days?: DayRange;
}

/** An app skipped because an earlier run already wrote it for this run date. */
export interface AppSkipped {
  readonly sdkAppId: number;
  /** Where its done marker is. */
  readonly marker: string;
  /** Undefined when the marker cannot be read as one of ours (the app is still done). */
  readonly doneBy: DoneRecord | undefined;
}

/** A marker is a few hundred bytes; anything much larger is not one of ours. */
const MAX_MARKER_BYTES = 4_096;
const MAX_TEXT = 200;

const text = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;

/** The record in a marker's body, or undefined when it is not one this code wrote. */
export function parseDoneRecord(body: Uint8Array): DoneRecord | undefined {
  if (body.byteLength > MAX_MARKER_BYTES) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    // Not JSON: `doc` stays undefined, which the check below refuses.
  }
  if (!isObject(doc) || !text(doc.runId) || !text(doc.writtenAt)) return undefined;
  const { rows, days } = doc;
  if (!Number.isSafeInteger(rows) || (rows as number) < 0) return undefined;
  const range =
    isObject(days) &&
    // Stryker disable next-line ConditionalExpression: for the type only; isCalendarDate refuses anything but the string it writes back
    typeof days.from === 'string' &&
    // Stryker disable next-line ConditionalExpression: for the type only, as above
    typeof days.to === 'string' &&
    isCalendarDate(days.from) &&
    isCalendarDate(days.to)
      ? { from: days.from, to: days.to }
      : undefined;
  return {
    runId: doc.runId,
    writtenAt: doc.writtenAt,
    rows: rows as number,
    ...(range ? { days: range } : {}),
  };
}

/**
 * The skipped app, when `sdkAppId` already has a done marker for `dt`; undefined when it has none.
 * @throws StoreError when the store cannot tell (the app is then not run: it might be written).
 */
export async function alreadyDone(
  store: SnapshotStore,
  prefix: string,
  dt: string,
  sdkAppId: number,
): Promise<AppSkipped | undefined> {
  const key = doneKey(prefix, dt, sdkAppId);
  const marker = await store.get(key);
  if (marker === undefined) return undefined;
  return { sdkAppId, marker: store.locate(key), doneBy: parseDoneRecord(marker.body) };
}

/**
 * Writes the done marker of a written app: the last write of its snapshot for `dt`.
 * @throws StoreError naming the key.
 */
export async function markDone(
  store: SnapshotStore,
  prefix: string,
  dt: string,
  app: Pick<AppSnapshot, 'sdkAppId' | 'rows' | 'days'>,
  run: { readonly runId: string; readonly now: Date },
): Promise<string> {
  const key = doneKey(prefix, dt, app.sdkAppId);
  const record: DoneRecord = {
    runId: run.runId,
    writtenAt: run.now.toISOString(),
    rows: app.rows,
    ...(app.days ? { days: app.days } : {}),
  };
  await store.put(key, `${JSON.stringify(record)}\n`, 'application/json');
  return store.locate(key);
}
