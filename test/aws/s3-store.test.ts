/**
 * s3Store against the local S3 (s3rver behind its digest checks), an S3 that always fails, and a
 * bare HTTP server for the answers neither gives (a 404 without a body, an object without an ETag).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3Store } from '../../functions/aws/s3-store.js';
import { PreconditionFailedError, StoreError } from '../../functions/core/errors.js';
import type { SnapshotStore } from '../../functions/run/snapshot-store.js';
import { localS3ClientConfig, startFailingS3, startS3 } from '../../tools/harness/s3-server.js';
import { readObject } from '../support/fixtures.js';

/** How `write` failed (it must fail). */
async function failure(write: Promise<unknown>): Promise<unknown> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error;
}

/** A store over an S3 endpoint that answers every request with `status`, tried once. */
async function withFailingStore(status: number, use: (store: SnapshotStore) => Promise<void>) {
  const failing = await startFailingS3(status);
  try {
    await use(s3Store(failing.client({ maxAttempts: 1 }), 'b'));
  } finally {
    await failing.close();
  }
}

/** An S3 endpoint that answers every request with `answer`, and a client for it. */
async function startBareS3(answer: (res: ServerResponse, req: IncomingMessage) => void) {
  const server = createServer((req, res) => {
    req.resume();
    answer(res, req);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new S3Client({ ...localS3ClientConfig(endpoint), maxAttempts: 1 });
  return {
    client,
    close: async () => {
      client.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

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
    await withFailingStore(500, async (store) => {
      const error = await store.put('k/1.json', '{}', 'application/json').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({
        key: 'k/1.json',
        cause: expect.objectContaining({ name: 'InternalError' }),
      });
      expect((error as Error).message).toMatch(
        /^could not write s3:\/\/b\/k\/1\.json \(InternalError: /,
      );
    });
  });

  it('fails a read with a StoreError naming the key, unless the object is only missing', async () => {
    await withFailingStore(500, async (store) => {
      const error = await store.get('days/x/month=2026-11/1.json').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(
        /^could not read s3:\/\/b\/days\/x\/month=2026-11\/1\.json \(InternalError: /,
      );
      expect(error).toMatchObject({
        key: 'days/x/month=2026-11/1.json',
        cause: expect.objectContaining({ name: 'InternalError' }),
      });
    });
  });

  it('says why S3 refused a conditional write: the object changed since it was read, or is gone', async () => {
    const s3 = await startS3({ buckets: ['b'] });
    try {
      const store = s3Store(s3.client(), 'b');
      await store.put('m/1.json', 'v1', 'application/json');
      const read = await store.get('m/1.json');
      await store.put('m/1.json', 'v2', 'application/json');
      const changed = await failure(
        store.put('m/1.json', 'v3', 'application/json', { ifMatch: read?.etag ?? '' }),
      );
      expect(changed).toBeInstanceOf(PreconditionFailedError);
      expect(changed).toMatchObject({
        key: 'm/1.json',
        reason: 'changed',
        message: 's3://b/m/1.json was not written: it changed since it was read',
      });
      // If-Match on a key with no object: S3 answers 404 NoSuchKey.
      const gone = await failure(
        store.put('m/2.json', 'v1', 'application/json', { ifMatch: read?.etag ?? '' }),
      );
      expect(gone).toBeInstanceOf(PreconditionFailedError);
      expect(gone).toMatchObject({
        key: 'm/2.json',
        reason: 'absent',
        message: 's3://b/m/2.json was not written: it no longer exists',
      });
    } finally {
      await s3.close();
    }
  });

  it('takes a 409 on a conditional write for a conflicting write in progress, and on a plain one for a failure', async () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html: 409
    // ConditionalRequestConflict when another conditional write of the key is under way.
    await withFailingStore(409, async (store) => {
      const conflict = await failure(
        store.put('k/1.json', '{}', 'application/json', { ifNoneMatch: '*' }),
      );
      expect(conflict).toBeInstanceOf(PreconditionFailedError);
      expect(conflict).toMatchObject({ key: 'k/1.json', reason: 'conflict' });
      const plain = await failure(store.put('k/1.json', '{}', 'application/json'));
      expect(plain).toBeInstanceOf(StoreError);
      expect(plain).not.toBeInstanceOf(PreconditionFailedError);
    });
  });

  it('fails a conditional write S3 failed for another reason as a StoreError, not as a refusal', async () => {
    await withFailingStore(500, async (store) => {
      for (const condition of [{ ifMatch: '"0"' }, { ifNoneMatch: '*' as const }]) {
        const error = await failure(store.put('k/1.json', '{}', 'application/json', condition));
        expect(error).toBeInstanceOf(StoreError);
        expect(error).not.toBeInstanceOf(PreconditionFailedError);
        expect((error as Error).message).toMatch(
          /^could not write s3:\/\/b\/k\/1\.json \(InternalError: /,
        );
      }
    });
  });

  it('fails a write to a bucket that does not exist as a StoreError quoting NoSuchBucket', async () => {
    const s3 = await startS3({ buckets: ['b'] });
    try {
      const store = s3Store(s3.client({ maxAttempts: 1 }), 'no-such-bucket');
      const error = await failure(store.put('k/1.json', '{}', 'application/json'));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(
        /^could not write s3:\/\/no-such-bucket\/k\/1\.json \(NoSuchBucket: /,
      );
    } finally {
      await s3.close();
    }
  });

  it('fails a conditional write the SDK refuses to send (a region it does not accept) as a StoreError', async () => {
    const s3 = await startS3({ buckets: ['b'] });
    try {
      const client = s3.client({ maxAttempts: 1, region: 'no such/region' });
      const error = await failure(
        s3Store(client, 'b').put('k/1.json', '{}', 'application/json', { ifNoneMatch: '*' }),
      );
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(
        /^could not write s3:\/\/b\/k\/1\.json \(Error: Region not accepted: /,
      );
    } finally {
      await s3.close();
    }
  });

  it("cuts a write and a read when the run's deadline has passed, and says so", async () => {
    const s3 = await startS3({ buckets: ['b'] });
    try {
      const client = s3.client({ maxAttempts: 1 });
      await s3Store(client, 'b').put('k/1.json', '{}', 'application/json');
      const late = s3Store(client, 'b', { signal: AbortSignal.abort() });
      for (const call of [late.put('k/2.json', '{}', 'application/json'), late.get('k/1.json')]) {
        const error = await failure(call);
        expect(error).toBeInstanceOf(StoreError);
        expect((error as Error).message).toMatch(
          /\(no answer before the run's deadline \(the call was cut\)\)$/,
        );
      }
      expect(await readObject(client, 'b', 'k/2.json').catch(() => 'none')).toBe('none');
    } finally {
      await s3.close();
    }
  });

  it('reads nothing when S3 answers 404 without an error body (the SDK calls it NotFound)', async () => {
    const bare = await startBareS3((res) => {
      res.writeHead(404);
      res.end();
    });
    try {
      expect(await s3Store(bare.client, 'b').get('k/1.json')).toBeUndefined();
    } finally {
      await bare.close();
    }
  });

  it('fails a read S3 answered without an ETag: a later If-Match write would need it', async () => {
    const bare = await startBareS3((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    try {
      const error = await failure(s3Store(bare.client, 'b').get('k/1.json'));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toBe(
        'could not read s3://b/k/1.json (Error: S3 answered without an ETag)',
      );
    } finally {
      await bare.close();
    }
  });
});
