import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../functions/cli/cli-app.js';
import { MAX_RESPONSE_BYTES } from '../../functions/getappinfo/bounded-body.js';
import { fetchAppInfo } from '../../functions/getappinfo/client.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { appConfigs, FAST_CLIENT, TEST_APPS } from '../support/fixtures.js';

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
      `answered more than the ${MAX_RESPONSE_BYTES} bytes (4 MiB) a getappinfo answer may take`,
    );
    expect(big?.error?.message).toContain('the endpoint is probably not getappinfo');
    expect(small).toMatchObject({ sdkAppId: SMALL.sdkAppId, ok: true });
    // The snapshot (raw and rows) of the other app only; report.html is the CLI's picture of them.
    const written = await files(join(dir, 'out'));
    const snapshots = written.filter((f) => f.endsWith('.json'));
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
      /^getappinfo for app 1400000102 answered 52428800 bytes, more than the 4194304 bytes/,
    );
    await expect.poll(end.get, { timeout: 5_000 }).toMatchObject({ complete: false });
  });

  it('still takes an answer of exactly the bound', async () => {
    const end = streamEnd();
    sim.inject({ kind: 'huge', bytes: MAX_RESPONSE_BYTES, contentLength: false, onEnd: end.onEnd });
    const [app] = appConfigs(sim.url, [SMALL]);
    if (app === undefined) throw new Error('no app');
    const result = await fetchAppInfo(app, undefined, Date.now() + 10_000, FAST_CLIENT);
    expect(result).toMatchObject({ ok: true, days: [] });
    expect(result.ok && result.body.length).toBe(MAX_RESPONSE_BYTES);
    expect(end.get()).toEqual({ sent: MAX_RESPONSE_BYTES, complete: true });
  });
});
