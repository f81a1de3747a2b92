/**
 * Side effects done once per run date, whatever the retries: the first run of a `dt` that claims
 * `what` gets true and does it; every later run (a Lambda retry, a second invocation, the CLI on
 * the same bucket) gets false. The claim is an object created with `If-None-Match: *` under
 * `days/<prefix>/runs/dt=YYYY-MM-DD/<what>.sent`, which S3 (and the folder store) creates for one
 * writer only: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 *
 * The claim comes before the side effect, so it is done at most once: if sending fails after the
 * claim, that day's message is not sent again. `onceForTheDay` then leaves `<what>.failed` beside
 * the claim, so every later run of the `dt` fails the same step again instead of reading the claim
 * as "sent": the day stays incomplete (the DayIncomplete alarm) until the next day's run.
 */

import { ConfigError, NotSentEarlierError, PreconditionFailedError } from '../core/errors.js';
import { runKey } from '../core/snapshot-layout.js';
import type { SnapshotStore } from './snapshot-store.js';

/** True the first time `what` is claimed for the run date, false after. */
export type ClaimOnce = (what: string) => Promise<boolean>;

/** The once-a-day claims of one run date, and what became of them. */
export interface DayClaims {
  readonly claimOnce: ClaimOnce;
  /** Records that `what`, claimed by this run, was not done. */
  readonly markFailed: (what: string) => Promise<void>;
  /** Records that `what`, which an earlier run could not do, was done by this (forced) run. */
  readonly markResent: (what: string) => Promise<void>;
  /** Whether a run of this run date claimed `what` and could not do it (and none did it since). */
  readonly failedEarlier: (what: string) => Promise<boolean>;
  /**
   * The run was forced (`{"force": true}`, `--force`): a message an earlier run could not send is
   * sent now, once the cause is fixed. A message that was sent is never sent again.
   */
  readonly force?: boolean;
}

/** What a claim may be called: it becomes the file name `<what>.sent`. */
const CLAIM_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * `claimOnce` for one run date (`dt`) of a run, over `store`.
 * @throws (from the returned function) ConfigError for a name that is not `[a-z][a-z0-9-]*`;
 * StoreError when the store cannot tell whether the claim is taken.
 */
export function claimOnceFor(
  store: SnapshotStore,
  prefix: string,
  dt: string,
  run: { readonly runId: string; readonly now: () => Date },
): ClaimOnce {
  return dayClaimsFor(store, prefix, dt, run).claimOnce;
}

/**
 * The claims of one run date over `store` (see the module's comment).
 * @throws (from the returned functions) ConfigError for a name that is not `[a-z][a-z0-9-]*`;
 * StoreError when the store cannot be read or written.
 */
export function dayClaimsFor(
  store: SnapshotStore,
  prefix: string,
  dt: string,
  run: { readonly runId: string; readonly now: () => Date },
): DayClaims {
  const keyOf = (what: string, ending: 'sent' | 'failed') => {
    if (!CLAIM_NAME.test(what)) {
      throw new ConfigError(`claimOnce: "${what}" is not a claim name ([a-z][a-z0-9-]*)`);
    }
    return runKey(prefix, dt, `${what}.${ending}`);
  };
  const claimOnce: ClaimOnce = async (what) => {
    const key = keyOf(what, 'sent');
    const body = `${JSON.stringify({ runId: run.runId, claimedAt: run.now().toISOString() })}\n`;
    try {
      await store.put(key, body, 'application/json', { ifNoneMatch: '*' });
      return true;
    } catch (error) {
      // 'exists': an earlier run claimed it; 'conflict': another one is claiming it right now.
      if (error instanceof PreconditionFailedError) return false;
      throw error;
    }
  };
  return {
    claimOnce,
    markFailed: async (what) => {
      const body = `${JSON.stringify({ runId: run.runId, failedAt: run.now().toISOString() })}\n`;
      await store.put(keyOf(what, 'failed'), body, 'application/json');
    },
    markResent: async (what) => {
      const body = `${JSON.stringify({ runId: run.runId, resentAt: run.now().toISOString() })}\n`;
      await store.put(keyOf(what, 'failed'), body, 'application/json');
    },
    failedEarlier: async (what) => {
      const found = await store.get(keyOf(what, 'failed'));
      if (found === undefined) return false;
      // A record this version cannot read counts as a failure: the day is not known complete.
      return !/"resentAt"/.test(new TextDecoder().decode(found.body));
    },
  };
}

/**
 * Does `work` once for the run date under the claim `what`: 'sent' when this run did it,
 * 'already sent' when an earlier run did. When `work` fails, the failure is recorded (best
 * effort) and rethrown; a later run of the date then throws NotSentEarlierError rather than
 * reporting it sent, so the step fails on every run of that date, as the day is not complete —
 * unless the run is forced (`claims.force`): then it tries `work` again, and a success clears the
 * failure.
 */
export async function onceForTheDay(
  claims: DayClaims,
  what: string,
  work: () => Promise<void>,
): Promise<'sent' | 'already sent'> {
  if (!(await claims.claimOnce(what))) {
    if (!(await claims.failedEarlier(what))) return 'already sent';
    if (!claims.force) {
      throw new NotSentEarlierError(
        `the ${what} for this run date was claimed by an earlier run that could not send it; it is not sent twice — once the cause is fixed, invoke with {"force": true} (or --force) to send it, else the next day's run sends its own`,
      );
    }
    await attempt(claims, what, work);
    await claims.markResent(what);
    return 'sent';
  }
  await attempt(claims, what, work);
  return 'sent';
}

async function attempt(claims: DayClaims, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    // If even this write fails, the error that matters is the step's own.
    await claims.markFailed(what).catch(() => undefined);
    throw error;
  }
}
