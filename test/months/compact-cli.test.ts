/**
 * `npm run compact` as a user runs it (through `runCli`, which `npm run compact` calls): over the
 * folder a CLI run wrote, over hand-made snapshots, and over a bucket in the local S3.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { s3Store } from '../../functions/aws/s3-store.js';
import { runCli } from '../../functions/cli/cli-app.js';
import { addDays, dayRange } from '../../functions/core/dates.js';
import { toNdjson } from '../../functions/core/opsdata-rows.js';
import { dirStore } from '../../functions/local/dir-store.js';
import { COMPACT_USAGE } from '../../functions/months/compact-args.js';
import { runCompactCli } from '../../functions/months/compact-cli.js';
import { fixtureApp, fixtureNdjson, reportRow } from '../../tools/harness/report-fixture.js';
import { type RunningS3, startS3 } from '../../tools/harness/s3-server.js';

let dir: string;
let stdout: string[];
let stderr: string[];
const io = { stdout: (t: string) => stdout.push(t), stderr: (t: string) => stderr.push(t) };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdata-compact-'));
  stdout = [];
  stderr = [];
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

/** Every file under `root`/days, by path in order, with its text and modification time. */
async function monthFiles(root: string) {
  const base = join(root, 'days');
  const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = new Map<string, { text: string; mtimeMs: number }>();
  const keyOf = (e: (typeof entries)[number]) => join(e.parentPath, e.name);
  // The month objects only: the run's bookkeeping (days/<prefix>/runs/) is not the month layer.
  const sorted = entries
    .filter((e) => e.isFile() && /[/\\]month=/.test(keyOf(e)))
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  for (const entry of sorted) {
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(root.length + 1), {
      text: await readFile(path, 'utf8'),
      mtimeMs: (await stat(path)).mtimeMs,
    });
  }
  return files;
}

const texts = (files: Awaited<ReturnType<typeof monthFiles>>) =>
  new Map([...files].map(([k, v]) => [k, v.text]));

describe('npm run compact over a folder', () => {
  it('reproduces byte for byte the month objects a CLI run wrote, and a second run changes no byte', async () => {
    const snapshots = join(dir, 'snapshots');
    expect(await runCli(['--out', snapshots], io)).toBe(0);
    const written = texts(await monthFiles(snapshots));
    expect(written.size).toBeGreaterThanOrEqual(2);
    await rm(join(snapshots, 'days'), { recursive: true });

    stdout = [];
    expect(await runCli(['compact', '--snapshots', snapshots], io)).toBe(0);
    const compacted = await monthFiles(snapshots);
    expect(texts(compacted)).toEqual(written);
    expect(stdout).toEqual([
      `Month layer of 2 apps from 2 snapshot files: ${written.size} created, 0 updated, 0 replaced, 0 unchanged — ${join(snapshots, 'days', 'getappinfo')}`,
    ]);

    stdout = [];
    expect(await runCli(['compact', '--snapshots', snapshots], io)).toBe(0);
    expect(await monthFiles(snapshots)).toEqual(compacted);
    expect(stdout[0]).toContain(`: 0 created, 0 updated, 0 replaced, ${written.size} unchanged — `);
  });

  it('merges two snapshots that share days: every day of both, the shared ones from the newer', async () => {
    const app = fixtureApp(1400000001, 'Demo Chat');
    // 25 days apart, so 5 days are in both; values tell the two apart (old 1xx, new 2xx).
    const older = { dt: '2026-10-10', base: 100 };
    const newer = { dt: '2026-11-04', base: 200 };
    for (const run of [older, newer]) {
      const days = dayRange(addDays(run.dt, -30), addDays(run.dt, -1));
      const rows = days.map((day, i) =>
        reportRow({
          app_id: BigInt(app.sdkAppId),
          stat_date: day,
          active_user_num: BigInt(run.base + i),
          run_id: `run-${run.dt}`,
        }),
      );
      await dirStore(dir).put(
        `getappinfo/dt=${run.dt}/${app.sdkAppId}.json`,
        toNdjson(rows),
        'application/x-ndjson',
      );
    }
    expect(await runCompactCli(['--snapshots', dir], io)).toBe(0);
    const files = texts(await monthFiles(dir));
    expect([...files.keys()].sort()).toEqual(
      ['2026-09', '2026-10', '2026-11'].map((m) =>
        join('days', 'getappinfo', `month=${m}`, '1400000001.json'),
      ),
    );
    const lines = [...files.values()]
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.stat_date)).toEqual(dayRange('2026-09-10', '2026-11-03'));
    const shared = dayRange('2026-10-05', '2026-10-09');
    for (const line of lines) {
      const fromNewer = line.stat_date >= '2026-10-05';
      expect([line.stat_date, line.dt]).toEqual([line.stat_date, fromNewer ? newer.dt : older.dt]);
    }
    expect(lines.filter((l) => shared.includes(l.stat_date)).map((l) => l.active_user_num)).toEqual(
      [200, 201, 202, 203, 204],
    );

    const before = await monthFiles(dir);
    expect(await runCompactCli(['--snapshots', dir], io)).toBe(0);
    expect(await monthFiles(dir)).toEqual(before);
  });

  it('keeps every day of two snapshots 40 days apart, and no day between them', async () => {
    const app = fixtureApp(1400000001, 'Demo Chat');
    for (const dt of ['2026-10-01', '2026-11-10']) {
      await dirStore(dir).put(
        `getappinfo/dt=${dt}/${app.sdkAppId}.json`,
        fixtureNdjson(app, dt),
        'application/x-ndjson',
      );
    }
    expect(await runCompactCli(['--snapshots', dir], io)).toBe(0);
    const days = [...texts(await monthFiles(dir)).values()]
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).stat_date);
    expect(days).toEqual([
      ...dayRange('2026-09-01', '2026-09-30'),
      ...dayRange('2026-10-11', '2026-11-09'),
    ]);
  });

  it('replaces what is not a month object, leaves the run bookkeeping alone, and names stray files', async () => {
    const app = fixtureApp(1400000001, 'Demo Chat');
    const store = dirStore(dir);
    await store.put(
      `getappinfo/dt=2026-11-28/${app.sdkAppId}.json`,
      fixtureNdjson(app, '2026-11-28'),
      'x',
    );
    await store.put('getappinfo/dt=2026-11-28/notes.txt', 'hello', 'text/plain');
    await store.put(`days/getappinfo/month=2026-11/${app.sdkAppId}.json`, 'garbage\n', 'x');
    await store.put(`days/getappinfo/runs/dt=2026-11-28/${app.sdkAppId}.done`, '', 'x');
    expect(await runCompactCli(['--snapshots', dir], io)).toBe(0);
    expect(stdout[0]).toMatch(/: 1 created, 0 updated, 1 replaced, 0 unchanged — /);
    expect(stderr).toEqual([
      `chat-opsdata compact: not read, not snapshots: 1 object(s), e.g. ${join(dir, 'getappinfo', 'dt=2026-11-28', 'notes.txt')}`,
    ]);
    expect(
      await readFile(join(dir, `days/getappinfo/runs/dt=2026-11-28/${app.sdkAppId}.done`), 'utf8'),
    ).toBe('');
    expect(
      await readFile(join(dir, `days/getappinfo/month=2026-11/${app.sdkAppId}.json`), 'utf8'),
    ).toMatch(/^\{"app_id":1400000001,/);
  });

  it.each([
    // Each look at the clock is 3 s later: a line at most every 5 s, none after the last app.
    ['3 s', 3_000],
    // Exactly 5 s after the start, when the first app is done: that line is due.
    ['2.5 s', 2_500],
  ])(
    'says how far it is on a long run, every 5 s, on stderr (the clock %s on)',
    async (_, step) => {
      for (const id of [1400000001, 1400000002, 1400000003]) {
        const app = fixtureApp(id, `App ${id}`);
        await dirStore(dir).put(
          `getappinfo/dt=2026-11-28/${id}.json`,
          fixtureNdjson(app, '2026-11-28'),
          'x',
        );
      }
      let clock = 0;
      const now = () => (clock += step);
      expect(await runCompactCli(['--snapshots', dir], io, { now })).toBe(0);
      expect(stderr).toEqual([
        'compact: 1 of 3 apps, 1 of 3 snapshots read, 2 month objects written',
      ]);
    },
  );

  it.each([
    [['--snapshots', 'a', '--bucket', 'b'], 'use --snapshots or --bucket, not both'],
    [['--bucket', ''], '--bucket needs a bucket name'],
    [['--prefix', 'raw/x'], '--prefix: snapshot prefix "raw/x" must be path segments'],
    [['--days', '3'], "Unknown option '--days'"],
    // `npm run compact snapshots` (the flag forgotten) must not compact ./snapshots regardless.
    [['elsewhere'], "Unexpected argument 'elsewhere'"],
  ])('exits 2 on %j, saying what is wrong', async (argv, message) => {
    expect(await runCompactCli(argv, io)).toBe(2);
    expect(stderr.join('\n')).toContain(message);
    expect(stderr[0]).toMatch(/^chat-opsdata compact: /);
  });

  it('exits 2 for a folder without snapshots, naming it', async () => {
    expect(await runCompactCli(['--snapshots', join(dir, 'nothing')], io)).toBe(2);
    expect(stderr).toEqual([
      `chat-opsdata compact: no snapshots under ${join(dir, 'nothing', 'getappinfo')}/ (expected getappinfo/dt=YYYY-MM-DD/<sdkAppId>.json) — check the folder or bucket and --prefix`,
    ]);
  });

  it('exits 1 on a snapshot the pipeline could not have written, naming it and what to do', async () => {
    await dirStore(dir).put('getappinfo/dt=2026-11-28/1400000001.json', '{"app_id":1}\n', 'x');
    expect(await runCompactCli(['--snapshots', dir], io)).toBe(1);
    expect(stderr).toEqual([
      `chat-opsdata compact: ${join(dir, 'getappinfo/dt=2026-11-28/1400000001.json')} line 1: stat_date is missing — the pipeline never writes this: fix or remove that file, then run compact again`,
    ]);
  });

  it('exits 1 when a month object cannot be read, saying why and nothing more', async () => {
    await dirStore(dir).put(
      'getappinfo/dt=2026-11-28/1400000001.json',
      fixtureNdjson(fixtureApp(1400000001, 'Demo Chat'), '2026-11-28'),
      'x',
    );
    // A file where the month layer's folder should be.
    await writeFile(join(dir, 'days'), '');
    expect(await runCompactCli(['--snapshots', dir], io)).toBe(1);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(
      /^chat-opsdata compact: could not read \S+month=2026-1[01]\S+1400000001\.json \(ENOTDIR: not a directory, open '[^']+'\)$/,
    );
  });

  it('prints its usage for --help, also as npm start -- compact --help', async () => {
    expect(await runCli(['compact', '--help'], io)).toBe(0);
    expect(stdout).toEqual([COMPACT_USAGE]);
    expect(COMPACT_USAGE).toMatch(/^Usage: npm run compact -- \[options\]/);
    for (const flag of ['--snapshots <dir>', '--bucket <name>', '--prefix <prefix>', '--help']) {
      expect(COMPACT_USAGE).toContain(flag);
    }
  });
});

/** A TCP pass-through to `target`, to see the connections a client leaves open. */
async function passThrough(target: string) {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    open.add(socket);
    const upstream = connect(Number(port), hostname);
    socket.pipe(upstream).pipe(socket);
    const end = () => {
      open.delete(socket);
      socket.destroy();
      upstream.destroy();
    };
    for (const side of [socket, upstream]) side.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: () => accepted,
    open: () => open.size,
    close: () => {
      for (const socket of open) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('npm run compact -- --bucket', () => {
  const BUCKET = 'compact-bucket';
  let s3: RunningS3;

  beforeAll(async () => {
    s3 = await startS3({ buckets: [BUCKET] });
  });
  afterAll(async () => {
    await s3.close();
  });

  it('writes the same month objects into the bucket as into a folder, with the default credentials chain', async () => {
    const apps = [fixtureApp(1400000001, 'Demo Chat'), fixtureApp(1400000002, 'Demo Live')];
    const store = s3Store(s3.client(), BUCKET);
    for (const dt of ['2026-10-20', '2026-11-28']) {
      for (const app of apps) {
        const body = fixtureNdjson(app, dt);
        await store.put(`getappinfo/dt=${dt}/${app.sdkAppId}.json`, body, 'application/x-ndjson');
        await dirStore(dir).put(`getappinfo/dt=${dt}/${app.sdkAppId}.json`, body, 'x');
      }
    }
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
    vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
    vi.stubEnv('AWS_S3_FORCE_PATH_STYLE', 'true');
    expect(await runCompactCli(['--bucket', BUCKET], io)).toBe(0);
    expect(stdout).toEqual([
      `Month layer of 2 apps from 4 snapshot files: 6 created, 0 updated, 0 replaced, 0 unchanged — s3://${BUCKET}/days/getappinfo/`,
    ]);
    expect(await runCompactCli(['--snapshots', dir], io)).toBe(0);
    for (const [key, file] of texts(await monthFiles(dir))) {
      const object = await store.get(key.split('\\').join('/'));
      expect(Buffer.from(object?.body ?? []).toString('utf8')).toBe(file);
    }
  });

  it('closes its connections to S3 when done', async () => {
    const app = fixtureApp(1400000001, 'Demo Chat');
    await s3Store(s3.client(), BUCKET).put(
      `closing/dt=2026-11-28/${app.sdkAppId}.json`,
      fixtureNdjson(app, '2026-11-28'),
      'application/x-ndjson',
    );
    const proxy = await passThrough(s3.endpoint);
    try {
      vi.stubEnv('AWS_REGION', 'us-east-1');
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
      vi.stubEnv('AWS_ENDPOINT_URL_S3', proxy.endpoint);
      vi.stubEnv('AWS_S3_FORCE_PATH_STYLE', 'true');
      expect(await runCompactCli(['--bucket', BUCKET, '--prefix', 'closing'], io)).toBe(0);
      expect(proxy.accepted()).toBeGreaterThan(0);
      // Kept alive, they would stay open until the server's keep-alive timeout (5 s).
      await vi.waitFor(() => expect(proxy.open()).toBe(0), { timeout: 1_000 });
    } finally {
      await proxy.close();
    }
  });
});
