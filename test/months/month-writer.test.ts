/**
 * The month writer against the real stores: the S3 store over HTTP to the local S3 front (which
 * answers conditional writes as S3 does, also as S3 answers a role without s3:ListBucket) and the
 * folder store. Two or more writers at once never lose a day; a refused write is merged again.
 */
import { describe, expect, it } from 'vitest';
import { s3Store } from '../../functions/aws/s3-store.js';
import {
  PreconditionFailedError,
  SnapshotFormatError,
  StoreError,
} from '../../functions/core/errors.js';
import { toDatedNdjson } from '../../functions/core/opsdata-rows.js';
import type { DatedRow } from '../../functions/core/opsdata-schema.js';
import { dirStore } from '../../functions/local/dir-store.js';
import { mergedMonthBody } from '../../functions/months/month-object.js';
import { mergeIntoMonth, writeMonths } from '../../functions/months/month-writer.js';
import type { SnapshotStore } from '../../functions/run/snapshot-store.js';
import { reportRow } from '../../tools/harness/report-fixture.js';
import { everyStore } from '../support/every-store.js';
import { tempDir } from '../support/temp-dir.js';

const BUCKET = 'months';
let app = 1400000000;
const { stores, s3 } = everyStore(BUCKET);

/** Rows of `sdkAppId` for `days` of November 2026, from the snapshot of run date `dt`. */
const rows = (sdkAppId: number, dt: string, days: readonly number[], value = 1n): DatedRow[] =>
  days.map((d) => ({
    ...reportRow({
      app_id: BigInt(sdkAppId),
      stat_date: `2026-11-${String(d).padStart(2, '0')}`,
      active_user_num: value,
      run_id: `run-${dt}`,
    }),
    dt,
  }));

const key = (sdkAppId: number) => `days/getappinfo/month=2026-11/${sdkAppId}.json`;
const text = (body: Uint8Array | undefined) => (body ? Buffer.from(body).toString('utf8') : '');
const options = (store: SnapshotStore) => ({
  store,
  prefix: 'getappinfo',
  deadline: Date.now() + 10_000,
});

/** The store, counting writes, with every `get` held until `readers` gets have been made. */
function gated(store: SnapshotStore, readers: number) {
  const puts: string[] = [];
  let reads = 0;
  let open = () => {};
  const allRead = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    puts,
    store: {
      ...store,
      async get(k: string) {
        const object = await store.get(k);
        if (++reads === readers) open();
        await allRead;
        return object;
      },
      async put(...args: Parameters<SnapshotStore['put']>) {
        puts.push(args[0]);
        return store.put(...args);
      },
    } satisfies SnapshotStore,
  };
}

describe.each(stores)('%s', (_name, open) => {
  it('creates a month, updates it with newer rows, and writes nothing when nothing is newer', async () => {
    const store = await open();
    const id = ++app;
    const counting = gated(store, 1);
    const first = rows(id, '2026-11-10', [1, 2, 3]);
    expect(await mergeIntoMonth(id, '2026-11', first, options(counting.store))).toEqual({
      key: key(id),
      outcome: 'created',
      attempts: 1,
    });
    const newer = rows(id, '2026-11-12', [3, 4], 7n);
    expect(await mergeIntoMonth(id, '2026-11', newer, options(counting.store))).toMatchObject({
      outcome: 'updated',
      attempts: 1,
    });
    const expected = toDatedNdjson([...first.slice(0, 2), ...newer]);
    expect(text((await store.get(key(id)))?.body)).toBe(expected);
    // The first snapshot again (a retry, a second compact): its rows are older, nothing to write.
    expect(await mergeIntoMonth(id, '2026-11', first, options(counting.store))).toMatchObject({
      outcome: 'unchanged',
    });
    expect(counting.puts).toEqual([key(id), key(id)]);
    expect(text((await store.get(key(id)))?.body)).toBe(expected);
  });

  it.each([
    ['a new month (both write If-None-Match: *)', false],
    ['a month already there (both write If-Match its ETag)', true],
  ])('loses no day when two writers merge into %s at the same moment', async (_case, exists) => {
    const store = await open();
    const id = ++app;
    const before = rows(id, '2026-11-05', [1, 2]);
    if (exists) await store.put(key(id), toDatedNdjson(before), 'application/x-ndjson');
    // Both read before either writes: one write must be refused and merged again.
    const { store: both, puts } = gated(store, 2);
    const a = rows(id, '2026-11-20', [10, 11, 12], 20n);
    const b = rows(id, '2026-11-21', [11, 12, 13], 21n);
    const results = await Promise.all([
      mergeIntoMonth(id, '2026-11', a, options(both)),
      mergeIntoMonth(id, '2026-11', b, options(both)),
    ]);
    expect(results.map((r) => r.attempts).sort()).toEqual([1, 2]);
    expect(puts).toHaveLength(3);
    const lines = text((await store.get(key(id)))?.body)
      .trimEnd()
      .split('\n');
    const byDay = lines.map((l) => JSON.parse(l) as { stat_date: string; dt: string });
    expect(byDay.map((r) => [r.stat_date, r.dt])).toEqual([
      ...(exists
        ? [
            ['2026-11-01', '2026-11-05'],
            ['2026-11-02', '2026-11-05'],
          ]
        : []),
      ['2026-11-10', '2026-11-20'],
      // The days both hold come from the newer snapshot, whichever wrote last.
      ['2026-11-11', '2026-11-21'],
      ['2026-11-12', '2026-11-21'],
      ['2026-11-13', '2026-11-21'],
    ]);
  });

  it('keeps every day of eight writers merging into one month at once', async () => {
    const store = await open();
    const id = ++app;
    const writers = Array.from({ length: 8 }, (_, i) =>
      rows(id, `2026-11-${20 + i}`, [i + 1, i + 2]),
    );
    const results = await Promise.all(
      writers.map((w) => mergeIntoMonth(id, '2026-11', w, { ...options(store), maxAttempts: 20 })),
    );
    expect(results.every((r) => r.attempts <= 20)).toBe(true);
    expect(text((await store.get(key(id)))?.body)).toBe(mergedMonthBody([], writers.flat()));
  });
});

/** `real`, with another writer that changes app `id`'s November object after every read. */
function meddledAfterEveryRead(real: SnapshotStore, id: number) {
  let reads = 0;
  const store: SnapshotStore = {
    ...real,
    async get(k) {
      const object = await real.get(k);
      reads++;
      await real.put(k, toDatedNdjson(rows(id, '2026-11-01', [1], BigInt(100 + reads))), 'x');
      return object;
    },
  };
  return { store, reads: () => reads };
}

describe('the month writer when others interfere', () => {
  const store = () => s3Store(s3().client(), BUCKET);

  it('gives up after maxAttempts refused writes, naming the object and what happens next', async () => {
    const real = store();
    const id = ++app;
    await real.put(key(id), toDatedNdjson(rows(id, '2026-11-01', [1])), 'application/x-ndjson');
    const meddled = meddledAfterEveryRead(real, id);
    const merge = mergeIntoMonth(id, '2026-11', rows(id, '2026-11-09', [5]), {
      ...options(meddled.store),
      maxAttempts: 3,
    });
    await expect(merge).rejects.toThrow(StoreError);
    await expect(merge).rejects.toThrow(
      `could not merge into s3://${BUCKET}/${key(id)}: another writer changed it 3 times in a row (a second run, or compact); the next run merges these days again`,
    );
    await expect(merge).rejects.toMatchObject({
      key: key(id),
      cause: expect.any(PreconditionFailedError),
    });
    expect(meddled.reads()).toBe(3);
  });

  it("keeps merging through S3's 409 ConditionalRequestConflict on a new month", async () => {
    // PutObject, If-None-Match: "If a concurrent operation occurs during the upload S3 returns a 409
    // ConditionalRequestConflict response. On a 409 failure you should retry the upload."
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html) Not a permission problem.
    const real = store();
    const id = ++app;
    let conflicts = 0;
    const contested: SnapshotStore = {
      ...real,
      async put(k, ...rest) {
        if (++conflicts <= 2) {
          throw new PreconditionFailedError('409 ConditionalRequestConflict', {
            key: k,
            reason: 'conflict',
          });
        }
        return real.put(k, ...rest);
      },
    };
    const incoming = rows(id, '2026-11-09', [5]);
    expect(await mergeIntoMonth(id, '2026-11', incoming, options(contested))).toEqual({
      key: key(id),
      outcome: 'created',
      attempts: 3,
    });
    expect(text((await real.get(key(id)))?.body)).toBe(toDatedNdjson(incoming));
  });

  it('creates the month again when it was deleted between its read and its write', async () => {
    const real = store();
    const id = ++app;
    await real.put(key(id), toDatedNdjson(rows(id, '2026-11-01', [1])), 'application/x-ndjson');
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    let deleted = false;
    const deleting: SnapshotStore = {
      ...real,
      async get(k) {
        const object = await real.get(k);
        if (!deleted) {
          deleted = true;
          await s3()
            .client()
            .send(new DeleteObjectCommand({ Bucket: BUCKET, Key: k }));
        }
        return object;
      },
    };
    const result = await mergeIntoMonth(
      id,
      '2026-11',
      rows(id, '2026-11-09', [5]),
      options(deleting),
    );
    expect(result).toMatchObject({ outcome: 'created', attempts: 2 });
    expect(text((await real.get(key(id)))?.body)).toBe(toDatedNdjson(rows(id, '2026-11-09', [5])));
  });

  it('starts nothing once the deadline is reached', async () => {
    const real = store();
    const id = ++app;
    const deadline = Date.now();
    const merge = mergeIntoMonth(id, '2026-11', rows(id, '2026-11-09', [5]), {
      ...options(real),
      deadline,
      now: () => deadline,
    });
    await expect(merge).rejects.toThrow(
      `could not merge into s3://${BUCKET}/${key(id)}: the run's deadline passed; the next run merges these days again`,
    );
    expect(await real.get(key(id))).toBeUndefined();
  });

  it('says how many writes were refused when the deadline passes between attempts', async () => {
    const real = store();
    const id = ++app;
    await real.put(key(id), toDatedNdjson(rows(id, '2026-11-01', [1])), 'application/x-ndjson');
    const meddled = meddledAfterEveryRead(real, id);
    const merge = mergeIntoMonth(id, '2026-11', rows(id, '2026-11-09', [5]), {
      ...options(meddled.store),
      deadline: 2000,
      // Each round (a read and the other writer's change) takes a second.
      now: () => meddled.reads() * 1000,
    });
    await expect(merge).rejects.toThrow(
      `could not merge into s3://${BUCKET}/${key(id)}: the run's deadline passed after 2 refused writes; the next run merges these days again`,
    );
    await expect(merge).rejects.toMatchObject({
      key: key(id),
      cause: expect.any(PreconditionFailedError),
    });
  });

  it('says which permission to check when an object is there but reads as missing', async () => {
    const real = store();
    const id = ++app;
    await real.put(key(id), toDatedNdjson(rows(id, '2026-11-01', [1])), 'application/x-ndjson');
    // What a role without s3:GetObject on days/ sees: 403 on every read, which reads as "none".
    const blind: SnapshotStore = { ...real, get: async () => undefined };
    await expect(
      mergeIntoMonth(id, '2026-11', rows(id, '2026-11-09', [5]), options(blind)),
    ).rejects.toThrow(
      `could not merge into s3://${BUCKET}/${key(id)}: it exists, but reading it finds nothing — may this role s3:GetObject under days/getappinfo/?`,
    );
    await expect(
      mergeIntoMonth(id, '2026-11', rows(id, '2026-11-09', [5]), options(blind)),
    ).rejects.toMatchObject({ key: key(id), cause: expect.any(PreconditionFailedError) });
  });

  it('fails on an object that is not a month object, or replaces it when told to', async () => {
    const real = store();
    const id = ++app;
    await real.put(key(id), '{"hello":"world"}\n', 'application/x-ndjson');
    const incoming = rows(id, '2026-11-09', [5]);
    const failing = mergeIntoMonth(id, '2026-11', incoming, options(real));
    await expect(failing).rejects.toThrow(
      /line 1: app_id is missing — the run only merges into month objects it can read: fix or delete it, then `npm run compact` rebuilds it from the snapshots$/,
    );
    await expect(failing).rejects.toMatchObject({
      key: key(id),
      cause: expect.any(SnapshotFormatError),
    });
    expect(
      await mergeIntoMonth(id, '2026-11', incoming, { ...options(real), unreadable: 'replace' }),
    ).toMatchObject({ outcome: 'replaced' });
    expect(text((await real.get(key(id)))?.body)).toBe(toDatedNdjson(incoming));
  });
});

describe('writeMonths', () => {
  it('writes one object per month the rows touch, and fails after trying every month', async () => {
    const root = await tempDir('months');
    const real = dirStore(root);
    const id = ++app;
    const october = { ...rows(id, '2026-11-05', [1])[0], stat_date: '2026-10-31' } as DatedRow;
    const november = rows(id, '2026-11-05', [1, 2]);
    const written = await writeMonths(id, [october, ...november], options(real));
    expect(written.map((w) => [w.key, w.outcome])).toEqual([
      [`days/getappinfo/month=2026-10/${id}.json`, 'created'],
      [key(id), 'created'],
    ]);
    const failing: SnapshotStore = {
      ...real,
      put: (k, ...rest) =>
        k.includes('2026-10')
          ? Promise.reject(new StoreError('disk full', { key: k }))
          : real.put(k, ...rest),
    };
    const newer = [october, ...november].map((r) => ({ ...r, dt: '2026-11-06' }));
    await expect(writeMonths(id, newer, options(failing))).rejects.toThrow('disk full');
    // November was still merged.
    expect(text((await real.get(key(id)))?.body)).toContain('"dt":"2026-11-06"');
  });
});
