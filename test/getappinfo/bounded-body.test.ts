import { describe, expect, it } from 'vitest';
import { ResponseFormatError } from '../../functions/core/errors.js';
import { MAX_RESPONSE_BYTES, readBoundedBody } from '../../functions/getappinfo/bounded-body.js';

const APP = 1400000000;
const KIB = 1024;

/** A body of `chunks` chunks of `size` bytes that counts what it handed out and its destroy. */
function body(size: number, chunks: number, fill = 0x20) {
  const seen = { handedOut: 0, destroyed: false };
  return {
    seen,
    stream: {
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < chunks && !seen.destroyed; i++) {
          seen.handedOut += size;
          yield new Uint8Array(size).fill(fill + (i % 10));
        }
      },
      destroy() {
        seen.destroyed = true;
      },
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<ResponseFormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResponseFormatError);
  return error as ResponseFormatError;
}

describe('readBoundedBody', () => {
  it('bounds a getappinfo answer at 4 MiB', () => {
    expect(MAX_RESPONSE_BYTES).toBe(4 * 1024 * 1024);
  });

  it('returns a body under the limit byte for byte, chunks in order', async () => {
    const { stream, seen } = body(10, 3, 0x30);
    const bytes = await readBoundedBody({ headers: {}, body: stream }, APP, 100);
    expect(Buffer.from(bytes).toString()).toBe(
      `${'0'.repeat(10)}${'1'.repeat(10)}${'2'.repeat(10)}`,
    );
    expect(seen.destroyed).toBe(false);
  });

  it('accepts a body of exactly the limit and refuses one byte more', async () => {
    const exact = body(25, 4);
    await expect(
      readBoundedBody({ headers: {}, body: exact.stream }, APP, 100),
    ).resolves.toHaveLength(100);
    const over = body(101, 1);
    await refusal(readBoundedBody({ headers: {}, body: over.stream }, APP, 100));
  });

  it('refuses a 50 MB body having read at most the limit plus one chunk, and destroys it', async () => {
    const { stream, seen } = body(64 * KIB, 800); // 50 MiB in 64 KiB chunks
    const error = await refusal(
      readBoundedBody({ headers: {}, body: stream }, APP, MAX_RESPONSE_BYTES),
    );
    expect(seen.handedOut).toBeGreaterThan(MAX_RESPONSE_BYTES);
    expect(seen.handedOut).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + 64 * KIB);
    expect(seen.destroyed).toBe(true);
    expect(error).toMatchObject({ sdkAppId: APP, retryable: false, name: 'ResponseFormatError' });
    expect(error.message).toBe(
      'getappinfo for app 1400000000 answered more than the 4194304 bytes (4 MiB) a getappinfo answer may take — a real one is about 25 KB: the endpoint is probably not getappinfo, or a proxy in between misbehaves',
    );
  });

  it('refuses a Content-Length over the limit before reading a byte', async () => {
    const { stream, seen } = body(64 * KIB, 800);
    const error = await refusal(
      readBoundedBody({ headers: { 'content-length': '52428800' }, body: stream }, APP),
    );
    expect(seen.handedOut).toBe(0);
    expect(seen.destroyed).toBe(true);
    expect(error.message).toMatch(
      /^getappinfo for app 1400000000 answered 52428800 bytes, more than the 4194304 bytes \(4 MiB\)/,
    );
  });

  it('reads a body whose Content-Length is within the limit', async () => {
    const { stream } = body(10, 2);
    const bytes = await readBoundedBody({ headers: { 'content-length': '20' }, body: stream }, APP);
    expect(bytes).toHaveLength(20);
  });

  it('keeps the start of the refused body, UserSig redacted, as the excerpt', async () => {
    const start = new TextEncoder().encode('<html>?usersig=eJyrVkrLz');
    const stream = {
      async *[Symbol.asyncIterator]() {
        yield start;
        yield new Uint8Array(200);
      },
      destroy() {},
    };
    const error = await refusal(readBoundedBody({ headers: {}, body: stream }, APP, 100));
    expect(error.excerpt).toBe('<html>?usersig=REDACTED');
  });
});

describe('readBoundedBody and Content-Length', () => {
  it('reads a body whose Content-Length is exactly the limit', async () => {
    const { stream } = body(50, 2);
    const bytes = await readBoundedBody(
      { headers: { 'content-length': '100' }, body: stream },
      APP,
      100,
    );
    expect(bytes).toHaveLength(100);
  });

  it('has nothing to quote from a body refused by its Content-Length', async () => {
    const { stream } = body(50, 3);
    const error = await refusal(
      readBoundedBody({ headers: { 'content-length': '150' }, body: stream }, APP, 100),
    );
    expect(error.excerpt).toBe('');
  });
});
