/**
 * Merges one app's rows into its month objects with S3's conditional writes: read the object and
 * its ETag, merge, write `If-Match` that ETag (`If-None-Match: *` for a month not yet there). A
 * write refused because another writer came first is merged again from a fresh read, so no
 * writer's day is ever lost; an object that has not changed is not written at all.
 */
import { PreconditionFailedError, StoreError } from '../core/errors.js';
import type { DatedRow } from '../core/opsdata-schema.js';
import { monthKey } from '../core/snapshot-layout.js';
import type { SnapshotStore, StoredObject } from '../run/snapshot-store.js';
import { byMonth, mergedMonthBody, parseMonthObject } from './month-object.js';

/** The month objects are NDJSON, as the snapshots are. */
export const MONTH_CONTENT_TYPE = 'application/x-ndjson';

/**
 * Read-merge-write rounds per month object. Each refused write means another writer succeeded in
 * between, so five in a row only happen under a storm of writers; the next run merges again.
 */
export const MONTH_WRITE_ATTEMPTS = 5;

export interface MonthWriteOptions {
  readonly store: SnapshotStore;
  readonly prefix: string;
  /** Epoch ms after which no new read-merge-write starts (the run's deadline). */
  readonly deadline: number;
  /**
   * What to do with an object that is not a month object (cannot be parsed, another app's rows):
   * `fail` (the run: it only holds 30 days, and must not drop the older ones) or `replace` (compact:
   * its rows are every snapshot's, so they rebuild the whole month). Default `fail`.
   */
  readonly unreadable?: 'fail' | 'replace';
  readonly maxAttempts?: number;
  /** The clock, for the deadline (tests move it). */
  readonly now?: () => number;
}

/** What became of one month object. */
export interface MonthWrite {
  readonly key: string;
  /**
   * `created` (the month was not there), `updated`, `unchanged` (nothing newer: not written), or
   * `replaced` (it was not a month object; only with `unreadable: 'replace'`).
   */
  readonly outcome: 'created' | 'updated' | 'unchanged' | 'replaced';
  /** Read-merge-write rounds: more than 1 when another writer changed the object meanwhile. */
  readonly attempts: number;
}

const sameBytes = (a: Uint8Array, b: string) => Buffer.from(a).equals(Buffer.from(b));

/** The object's rows, or undefined when it is not a month object and may be replaced. */
function currentRows(
  object: StoredObject,
  key: string,
  location: string,
  expected: { sdkAppId: number | bigint; month: string },
  unreadable: MonthWriteOptions['unreadable'],
): DatedRow[] | undefined {
  try {
    return parseMonthObject(object.body, location, expected);
  } catch (error) {
    if (unreadable === 'replace') return undefined;
    throw new StoreError(
      `${(error as Error).message} — the run only merges into month objects it can read: fix or delete it, then \`npm run compact\` rebuilds it from the snapshots`,
      { key, cause: error },
    );
  }
}

/**
 * Merges `rows` (one month's rows of app `sdkAppId`) into its month object.
 * @throws StoreError when a read or write fails, the object is not a month object (with
 *   `unreadable: 'fail'`), the deadline passes, or every attempt was refused.
 */
export async function mergeIntoMonth(
  sdkAppId: number | bigint,
  month: string,
  rows: readonly DatedRow[],
  options: MonthWriteOptions,
): Promise<MonthWrite> {
  const { store } = options;
  const key = monthKey(options.prefix, month, sdkAppId);
  const location = store.locate(key);
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? MONTH_WRITE_ATTEMPTS;
  let refused: PreconditionFailedError | undefined;
  // Without s3:ListBucket, S3 answers a missing key 403, which the store reads as "no object".
  let unreadableButThere = 0;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (now() >= options.deadline) {
      throw new StoreError(
        `could not merge into ${location}: the run's deadline passed${refused ? ` after ${attempt - 1} refused writes` : ''}; the next run merges these days again`,
        { key, cause: refused },
      );
    }
    const current = await store.get(key);
    const kept =
      current && currentRows(current, key, location, { sdkAppId, month }, options.unreadable);
    const body = mergedMonthBody(kept ?? [], rows);
    // The object already holds what would be written (whether or not it was read as a month).
    if (current && sameBytes(current.body, body)) {
      return { key, outcome: 'unchanged', attempts: attempt };
    }
    try {
      await store.put(
        key,
        body,
        MONTH_CONTENT_TYPE,
        current ? { ifMatch: current.etag } : { ifNoneMatch: '*' },
      );
      const outcome = !current ? 'created' : kept ? 'updated' : 'replaced';
      return { key, outcome, attempts: attempt };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      refused = error; // another writer came first: read its object and merge again
      if (!current && error.reason === 'exists' && ++unreadableButThere === 2) {
        throw new StoreError(
          `could not merge into ${location}: it exists, but reading it finds nothing — may this role s3:GetObject under days/${options.prefix}/?`,
          { key, cause: error },
        );
      }
    }
  }
  throw new StoreError(
    `could not merge into ${location}: another writer changed it ${maxAttempts} times in a row (a second run, or compact); the next run merges these days again`,
    { key, cause: refused },
  );
}

/**
 * Merges one app's rows into every month object they touch (in parallel, one object each).
 * Resolves when every month is merged, with what became of each.
 * @throws StoreError (the first month's that failed) once every month has been tried.
 */
export async function writeMonths(
  sdkAppId: number | bigint,
  rows: readonly DatedRow[],
  options: MonthWriteOptions,
): Promise<MonthWrite[]> {
  const settled = await Promise.allSettled(
    [...byMonth(rows)].map(([month, monthRows]) =>
      mergeIntoMonth(sdkAppId, month, monthRows, options),
    ),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<MonthWrite>).value);
}
