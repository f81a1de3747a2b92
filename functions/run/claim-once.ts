/**
 * Side effects done once per run date, whatever the retries: the first run of a `dt` that claims
 * `what` gets true and does it; every later run (a Lambda retry, a second invocation, the CLI on
 * the same bucket) gets false. The claim is an object created with `If-None-Match: *` under
 * `days/<prefix>/runs/dt=YYYY-MM-DD/<what>.sent`, which S3 (and the folder store) creates for one
 * writer only: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 *
 * The claim comes before the side effect, so it is done at most once: if sending fails after the
 * claim, that day's message is not sent again (the run fails, and its alarm says so).
 */

import { ConfigError, PreconditionFailedError } from '../core/errors.js';
import { runKey } from '../core/snapshot-layout.js';
import type { SnapshotStore } from './snapshot-store.js';

/** True the first time `what` is claimed for the run date, false after. */
export type ClaimOnce = (what: string) => Promise<boolean>;

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
  return async (what) => {
    if (!CLAIM_NAME.test(what)) {
      throw new ConfigError(`claimOnce: "${what}" is not a claim name ([a-z][a-z0-9-]*)`);
    }
    const body = `${JSON.stringify({ runId: run.runId, claimedAt: run.now().toISOString() })}\n`;
    try {
      await store.put(runKey(prefix, dt, `${what}.sent`), body, 'application/json', {
        ifNoneMatch: '*',
      });
      return true;
    } catch (error) {
      // 'exists': an earlier run claimed it; 'conflict': another one is claiming it right now.
      if (error instanceof PreconditionFailedError) return false;
      throw error;
    }
  };
}
