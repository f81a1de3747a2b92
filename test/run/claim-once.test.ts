/**
 * claimOnce over both stores — the S3 store against the local S3 front (conditional writes as S3
 * answers them, also without s3:ListBucket) and the folder store: once per name and run date,
 * whoever asks and however many ask at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Store } from '../../functions/aws/s3-store.js';
import { dirStore } from '../../functions/local/dir-store.js';
import { claimOnceFor } from '../../functions/run/claim-once.js';
import type { SnapshotStore } from '../../functions/run/snapshot-store.js';
import { type RunningS3, startFailingS3, startS3 } from '../../tools/harness/s3-server.js';
import { tempDir } from '../support/temp-dir.js';

const BUCKET = 'claims';
let s3: RunningS3;
let forbidding: RunningS3;
let n = 0;

beforeAll(async () => {
  [s3, forbidding] = await Promise.all([
    startS3({ buckets: [BUCKET] }),
    startS3({ buckets: [BUCKET], missingKeysForbidden: true }),
  ]);
});

afterAll(async () => {
  await Promise.all([s3.close(), forbidding.close()]);
});

const stores: [string, () => Promise<SnapshotStore>][] = [
  ['the S3 store', async () => s3Store(s3.client(), BUCKET)],
  ['the S3 store without s3:ListBucket', async () => s3Store(forbidding.client(), BUCKET)],
  ['the folder store', async () => dirStore(await tempDir('claims'))],
];

/** A run date no other test uses. */
const freshDt = () => `2026-11-${String(++n).padStart(2, '0')}`;
const run = (runId: string) => ({ runId, now: () => new Date('2026-11-28T02:30:00Z') });

describe.each(stores)('claimOnce over %s', (_name, open) => {
  it('is true the first time a name is claimed for a run date, false after, by any run', async () => {
    const store = await open();
    const dt = freshDt();
    const first = claimOnceFor(store, 'getappinfo', dt, run('first'));
    const retry = claimOnceFor(store, 'getappinfo', dt, run('retry'));
    expect(await first('digest')).toBe(true);
    expect(await first('digest')).toBe(false);
    expect(await retry('digest')).toBe(false);
    // Another name, another date, another prefix: each claimed on its own.
    expect(await retry('notify')).toBe(true);
    expect(await claimOnceFor(store, 'getappinfo', freshDt(), run('next day'))('digest')).toBe(
      true,
    );
    expect(await claimOnceFor(store, 'other', dt, run('x'))('digest')).toBe(true);
  });

  it('writes the claim under days/<prefix>/runs/dt=…/<name>.sent, saying which run took it', async () => {
    const store = await open();
    const dt = freshDt();
    await claimOnceFor(store, 'getappinfo', dt, run('run-7'))('digest');
    const claim = await store.get(`days/getappinfo/runs/dt=${dt}/digest.sent`);
    expect(JSON.parse(Buffer.from(claim?.body ?? []).toString('utf8'))).toEqual({
      runId: 'run-7',
      claimedAt: '2026-11-28T02:30:00.000Z',
    });
  });

  it('gives true to exactly one of eight runs claiming at once', async () => {
    const store = await open();
    const dt = freshDt();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        claimOnceFor(store, 'getappinfo', dt, run(`r${i}`))('digest'),
      ),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});

describe('claimOnce', () => {
  it('refuses a name that is not [a-z][a-z0-9-]*, before writing anything', async () => {
    const root = await tempDir('claims');
    const claim = claimOnceFor(dirStore(root), 'getappinfo', '2026-11-28', run('r'));
    for (const name of ['', 'Digest', '../x', 'a/b', 'a.sent', `a${'b'.repeat(40)}`]) {
      await expect(claim(name)).rejects.toMatchObject({ name: 'ConfigError' });
    }
  });

  it('throws, rather than answering, when the store cannot tell', async () => {
    const failing = await startFailingS3(500);
    try {
      const claim = claimOnceFor(
        s3Store(failing.client({ maxAttempts: 1 }), BUCKET),
        'getappinfo',
        '2026-11-28',
        run('r'),
      );
      await expect(claim('digest')).rejects.toMatchObject({
        name: 'StoreError',
        message: expect.stringContaining('days/getappinfo/runs/dt=2026-11-28/digest.sent'),
      });
    } finally {
      await failing.close();
    }
  });
});
