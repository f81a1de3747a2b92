/** s3Store against the local S3 (s3rver behind its digest checks) and an S3 that always fails. */
import { describe, expect, it } from 'vitest';
import { s3Store } from '../../functions/aws/s3-store.js';
import { StoreError } from '../../functions/core/errors.js';
import { startFailingS3, startS3 } from '../../tools/harness/s3-server.js';
import { readObject } from '../support/fixtures.js';

describe('s3Store', () => {
  it('writes text as UTF-8 and bytes as they are, with the content type, at s3://bucket/key', async () => {
    const s3 = await startS3({ buckets: ['b'] });
    try {
      const client = s3.client();
      const store = s3Store(client, 'b');
      await store.put('raw/x.json', 'Grüße, 世界\n', 'application/json');
      await store.put('y.bin', new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), 'application/json');
      expect(await readObject(client, 'b', 'raw/x.json')).toEqual({
        body: 'Grüße, 世界\n',
        contentType: 'application/json',
      });
      expect((await readObject(client, 'b', 'y.bin')).body).toBe('\uFEFF{}');
      expect(store.locate('raw/x.json')).toBe('s3://b/raw/x.json');
    } finally {
      await s3.close();
    }
  });

  it('fails with a StoreError naming the key and carrying the S3 error as its cause', async () => {
    const failing = await startFailingS3(500);
    try {
      const store = s3Store(failing.client({ maxAttempts: 1 }), 'b');
      const error = await store.put('k/1.json', '{}', 'application/json').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({
        key: 'k/1.json',
        cause: expect.objectContaining({ name: 'InternalError' }),
      });
      expect((error as Error).message).toMatch(
        /^could not write s3:\/\/b\/k\/1\.json \(InternalError: /,
      );
    } finally {
      await failing.close();
    }
  });

  it('fails a read with a StoreError naming the key, unless the object is only missing', async () => {
    const failing = await startFailingS3(500);
    try {
      const store = s3Store(failing.client({ maxAttempts: 1 }), 'b');
      const error = await store.get('days/x/month=2026-11/1.json').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(
        /^could not read s3:\/\/b\/days\/x\/month=2026-11\/1\.json \(InternalError: /,
      );
    } finally {
      await failing.close();
    }
  });
});
