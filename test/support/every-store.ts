/**
 * The stores every store-level test runs over, whatever it tests (the store contract, the month
 * writer, the once-a-day claims): the S3 store against the local S3, the same without
 * s3:ListBucket (a missing key answers 403, as for the deployed function), and the folder store.
 * Call it at the top of a test file: it starts both local S3s before the file's tests and stops
 * them after.
 */
import { afterAll, beforeAll } from 'vitest';
import { s3Store } from '../../functions/aws/s3-store.js';
import { dirStore } from '../../functions/local/dir-store.js';
import type { SnapshotStore } from '../../functions/run/snapshot-store.js';
import { type RunningS3, startS3 } from '../../tools/harness/s3-server.js';
import { tempDir } from './temp-dir.js';

export interface EveryStore {
  /** `[name, open]` for `describe.each`: each `open()` gives a store (the folder store a new folder). */
  readonly stores: [string, () => Promise<SnapshotStore>][];
  /** The local S3 with s3:ListBucket, for a test that looks at the bucket itself. */
  readonly s3: () => RunningS3;
  /** The local S3 that answers a missing key 403, as S3 does without s3:ListBucket. */
  readonly forbidding: () => RunningS3;
}

export function everyStore(bucket: string): EveryStore {
  let s3: RunningS3 | undefined;
  let forbidding: RunningS3 | undefined;
  beforeAll(async () => {
    [s3, forbidding] = await Promise.all([
      startS3({ buckets: [bucket] }),
      startS3({ buckets: [bucket], missingKeysForbidden: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([s3?.close(), forbidding?.close()]);
  });
  const started = (server: RunningS3 | undefined) => {
    if (server === undefined) throw new Error('everyStore: the local S3 is not started yet');
    return server;
  };
  return {
    stores: [
      ['the S3 store', async () => s3Store(started(s3).client(), bucket)],
      [
        'the S3 store without s3:ListBucket (a missing key is 403)',
        async () => s3Store(started(forbidding).client(), bucket),
      ],
      ['the folder store', async () => dirStore(await tempDir(bucket))],
    ],
    s3: () => started(s3),
    forbidding: () => started(forbidding),
  };
}
