/**
 * The store seam's contract, held by both stores alike: the S3 store against the local S3 front
 * (s3rver, which answers conditional writes as S3 does) and the folder store. Reads, ETags, and
 * conditional writes that never lose another writer's update.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PreconditionFailedError } from '../../functions/core/errors.js';
import { everyStore } from '../support/every-store.js';

const BUCKET = 'store-contract';
let n = 0;
const { stores, forbidding } = everyStore(BUCKET);

const text = (body: Uint8Array | undefined) =>
  body === undefined ? undefined : Buffer.from(body).toString('utf8');

/** A key no other test uses. */
const fresh = () => `days/getappinfo/month=2026-11/${1400000000 + ++n}.json`;

/** The refusal of a write that must be refused. */
async function refusal(write: Promise<void>) {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PreconditionFailedError);
  return error as PreconditionFailedError;
}

describe.each(stores)('%s', (_name, open) => {
  it('reads back what it wrote, with S3’s ETag: the MD5 of the bytes in quotes', async () => {
    const store = await open();
    const key = fresh();
    await store.put(key, 'Grüße\n', 'application/x-ndjson');
    const read = await store.get(key);
    expect(text(read?.body)).toBe('Grüße\n');
    expect(read?.etag).toBe(`"${createHash('md5').update('Grüße\n').digest('hex')}"`);
  });

  it('reads nothing for a key no object has', async () => {
    expect(await (await open()).get(fresh())).toBeUndefined();
  });

  it('creates an object with ifNoneMatch only once, keeping the first one', async () => {
    const store = await open();
    const key = fresh();
    await store.put(key, 'first', 'text/plain', { ifNoneMatch: '*' });
    const refused = await refusal(store.put(key, 'second', 'text/plain', { ifNoneMatch: '*' }));
    expect(refused).toMatchObject({ reason: 'exists', key });
    expect(refused.message).toMatch(/was not written: it already exists$/);
    expect(text((await store.get(key))?.body)).toBe('first');
  });

  it('replaces an object with ifMatch only while it still has the ETag that was read', async () => {
    const store = await open();
    const key = fresh();
    await store.put(key, 'v1', 'text/plain');
    const read = await store.get(key);
    if (read === undefined) throw new Error('nothing read');
    await store.put(key, 'v2 by someone else', 'text/plain');
    const refused = await refusal(store.put(key, 'v2', 'text/plain', { ifMatch: read.etag }));
    expect(refused.reason).toBe('changed');
    const now = await store.get(key);
    expect(text(now?.body)).toBe('v2 by someone else');
    await store.put(key, 'v3', 'text/plain', { ifMatch: now?.etag ?? '' });
    expect(text((await store.get(key))?.body)).toBe('v3');
  });

  it('refuses an ifMatch write to a key that has no object', async () => {
    const store = await open();
    const refused = await refusal(store.put(fresh(), 'x', 'text/plain', { ifMatch: '"0"' }));
    expect(refused.reason).toBe('absent');
  });

  it('loses no update when 12 writers read-modify-write one object at once', async () => {
    const store = await open();
    const key = fresh();
    await store.put(key, '', 'text/plain', { ifNoneMatch: '*' });
    const writer = async (name: string) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const read = await store.get(key);
        if (read === undefined) throw new Error('the object vanished');
        const lines = `${text(read.body)}${name}\n`;
        try {
          await store.put(key, lines, 'text/plain', { ifMatch: read.etag });
          return attempt;
        } catch (error) {
          if (!(error instanceof PreconditionFailedError)) throw error;
        }
      }
      throw new Error(`${name} never got its write in`);
    };
    const names = Array.from({ length: 12 }, (_, i) => `writer-${i}`);
    const retries = await Promise.all(names.map(writer));
    const written = text((await store.get(key))?.body)
      ?.trim()
      .split('\n')
      .sort();
    expect(written).toEqual([...names].sort());
    // They did race: some writer had to read again at least once.
    expect(Math.max(...retries)).toBeGreaterThan(0);
  });
});

describe('the local S3 front', () => {
  it('answers a GET of a missing key 403 AccessDenied when told to, as S3 does without ListBucket', async () => {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const error = await forbidding()
      .client({ maxAttempts: 1 })
      .send(new GetObjectCommand({ Bucket: BUCKET, Key: fresh() }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });
});
