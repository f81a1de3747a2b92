import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../functions/cli/cli-app.js';
import { ResponseFormatError } from '../../functions/core/errors.js';
import { MAX_RESPONSE_BYTES, readBoundedBody } from '../../functions/getappinfo/bounded-body.js';
import { fetchAppInfo } from '../../functions/getappinfo/client.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { appConfigs, FAST_CLIENT, TEST_APPS } from '../support/fixtures.js';

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
  it('bounds a getappinfo answer at 512 KiB, 20 times a real one', () => {
    expect(MAX_RESPONSE_BYTES).toBe(512 * 1024);
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
      'getappinfo for app 1400000000 answered more than the 524288 bytes (0.5 MiB) a getappinfo answer may take — a real one is about 25 KB: the endpoint is probably not getappinfo, or a proxy in between misbehaves',
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
      /^getappinfo for app 1400000000 answered 52428800 bytes, more than the 524288 bytes \(0.5 MiB\)/,
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

// Through the whole path: the simulator streams the answer, the client and the CLI refuse it.
describe('readBoundedBody in a run', () => {
  const MB_50 = 50 * 1024 * 1024;
  const [BIG, SMALL] = TEST_APPS;
  if (BIG === undefined || SMALL === undefined) throw new Error('two test apps needed');

  let sim: RunningSimulator;
  let dir: string;

  beforeAll(async () => {
    sim = await startSimulator({ apps: TEST_APPS });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    sim.reset();
    dir = await mkdtemp(join(tmpdir(), 'opsdata-huge-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** What the simulator's `huge` answer reported when it stopped. */
  function streamEnd() {
    let end: { sent: number; complete: boolean } | undefined;
    return {
      onEnd: (sent: number, complete: boolean) => {
        end = { sent, complete };
      },
      get: () => end,
    };
  }

  async function files(root: string): Promise<string[]> {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
      .sort();
  }

  describe('a getappinfo answer larger than the bound', () => {
    it('refuses a 50 MB answer while it streams, writing nothing for that app', async () => {
      const end = streamEnd();
      sim.inject({
        kind: 'huge',
        bytes: MB_50,
        contentLength: false,
        sdkAppId: BIG.sdkAppId,
        onEnd: end.onEnd,
      });
      const secret = join(dir, 'secret.json');
      await writeFile(secret, JSON.stringify({ apps: appConfigs(sim.url, [BIG, SMALL]) }));
      const out: string[] = [];
      const started = performance.now();
      const code = await runCli(['--secret-file', secret, '--out', join(dir, 'out'), '--json'], {
        stdout: (t) => out.push(t),
        stderr: () => {},
      });
      const elapsedMs = performance.now() - started;

      expect(code).toBe(1);
      expect(elapsedMs).toBeLessThan(5_000);
      const summary = JSON.parse(out.join('')) as {
        apps: { sdkAppId: number; ok: boolean; attempts: number; error?: { message: string } }[];
      };
      const [big, small] = summary.apps;
      expect(big).toMatchObject({ sdkAppId: BIG.sdkAppId, ok: false, attempts: 1 });
      expect(big?.error?.message).toContain(
        `answered more than the ${MAX_RESPONSE_BYTES} bytes (0.5 MiB) a getappinfo answer may take`,
      );
      expect(big?.error?.message).toContain('the endpoint is probably not getappinfo');
      expect(small).toMatchObject({ sdkAppId: SMALL.sdkAppId, ok: true });
      // The snapshot (raw and rows) of the other app only, and its month objects; report.html is
      // the CLI's picture of them.
      const written = await files(join(dir, 'out'));
      const snapshots = written.filter((f) => f.endsWith('.json') && !f.startsWith('days'));
      expect(snapshots).toHaveLength(2);
      expect(snapshots.every((f) => f.endsWith(`/${SMALL.sdkAppId}.json`))).toBe(true);
      expect(written.filter((f) => f.includes(String(BIG.sdkAppId)))).toEqual([]);
      // Not retried: one request for the big app, and the simulator saw the client hang up.
      expect(sim.requests.filter((r) => r.sdkAppId === BIG.sdkAppId)).toHaveLength(1);
      await expect.poll(end.get, { timeout: 5_000 }).toMatchObject({ complete: false });
      expect(end.get()?.sent).toBeLessThan(MB_50 / 2);
    });

    it('refuses an answer whose Content-Length is over the bound without reading its body', async () => {
      const end = streamEnd();
      sim.inject({ kind: 'huge', bytes: MB_50, onEnd: end.onEnd });
      const [app] = appConfigs(sim.url, [SMALL]);
      if (app === undefined) throw new Error('no app');
      const result = await fetchAppInfo(app, undefined, Date.now() + 10_000, FAST_CLIENT);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.attempts).toBe(1);
      expect(result.error).toMatchObject({ name: 'ResponseFormatError', retryable: false });
      expect(result.error.message).toMatch(
        /^getappinfo for app 1400000102 answered 52428800 bytes, more than the 524288 bytes/,
      );
      await expect.poll(end.get, { timeout: 5_000 }).toMatchObject({ complete: false });
    });

    it('still takes an answer of exactly the bound', async () => {
      const end = streamEnd();
      sim.inject({
        kind: 'huge',
        bytes: MAX_RESPONSE_BYTES,
        contentLength: false,
        onEnd: end.onEnd,
      });
      const [app] = appConfigs(sim.url, [SMALL]);
      if (app === undefined) throw new Error('no app');
      const result = await fetchAppInfo(app, undefined, Date.now() + 10_000, FAST_CLIENT);
      expect(result).toMatchObject({ ok: true, days: [] });
      expect(result.ok && result.body.length).toBe(MAX_RESPONSE_BYTES);
      expect(end.get()).toEqual({ sent: MAX_RESPONSE_BYTES, complete: true });
    });
  });
});
