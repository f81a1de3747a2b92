import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { s3Store } from '../../../functions/aws/s3-store.js';
import { compactMonths } from '../../../functions/months/compact.js';
import { SnapshotReadError } from '../../../functions/report/errors.js';
import { loadHistory } from '../../../functions/report/read/load-history.js';
import { s3Source } from '../../../functions/report/read/s3-source.js';
import { runReportCli } from '../../../functions/report/report-cli.js';
import { fixtureApp, fixtureNdjson } from '../../../tools/harness/report-fixture.js';
import { type RunningS3, startS3 } from '../../../tools/harness/s3-server.js';
import { TEST_APPS } from '../../support/fixtures.js';

const BUCKET = 'opsdata-report';
/** Sends UpMsgNum 9007199254740993 (past 2^53) and a malformed LoginTimes. */
const BIG = TEST_APPS[2] ?? fixtureApp(1, 'x');
const PLAIN = fixtureApp(1400000001, 'Demo Chat');
const DTS = ['2026-10-29', '2026-11-15', '2026-11-28'];

let s3: RunningS3;
const out = join(tmpdir(), `opsdata-report-s3-${process.pid}.html`);

beforeAll(async () => {
  s3 = await startS3({ buckets: [BUCKET] });
  const store = s3Store(s3.client(), BUCKET);
  for (const dt of DTS) {
    for (const app of [BIG, PLAIN]) {
      const body = fixtureNdjson(app, dt);
      await store.put(`getappinfo/dt=${dt}/${app.sdkAppId}.json`, body, 'application/x-ndjson');
      // Raw bodies and other prefixes are never read.
      await store.put(`raw/getappinfo/dt=${dt}/${app.sdkAppId}.json`, 'not ndjson', 'text/plain');
    }
  }
  await store.put('getappinfo-old/dt=2026-11-28/1.json', 'not ndjson', 'text/plain');
  await store.put('getappinfo/dt=2026-11-28/_notes.txt', 'hello', 'text/plain');
});

afterAll(async () => {
  await s3.close();
  await rm(out, { force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('s3Source', () => {
  it('lists every key under the prefix across pages, and nothing outside it', async () => {
    const keys = await s3Source(s3.client(), BUCKET, 2).list('getappinfo/');
    expect(keys).toEqual(
      [
        ...DTS.flatMap((dt) => [BIG, PLAIN].map((a) => `getappinfo/dt=${dt}/${a.sdkAppId}.json`)),
        'getappinfo/dt=2026-11-28/_notes.txt',
      ].sort(),
    );
  });

  it('reads every partition, keeping digits past 2^53, and names what it did not read', async () => {
    const loaded = await loadHistory(s3Source(s3.client(), BUCKET, 2), 'getappinfo');
    expect(loaded.snapshots).toBe(6);
    expect(loaded.read).toEqual({ months: 0, snapshots: 6 });
    expect(loaded.newestDt).toBe('2026-11-28');
    expect(loaded.ignored).toEqual(['getappinfo/dt=2026-11-28/_notes.txt']);
    const big = loaded.rows.filter((r) => r.app_id === BigInt(BIG.sdkAppId));
    // Three runs of 30 days, 13 and 17 days apart: 60 days, each from its newest snapshot.
    expect(big).toHaveLength(60);
    expect(big.at(-1)?.dt).toBe('2026-11-28');
    expect(big.every((r) => r.up_msg_num === 9007199254740993n)).toBe(true);
    expect(big.every((r) => r.login_times === null)).toBe(true);
  });

  it('lists a key prefix that ends inside a name, and reads the month objects instead of the snapshots', async () => {
    const source = s3Source(s3.client(), BUCKET, 2);
    const before = await loadHistory(source, 'getappinfo');
    const bucket = 'opsdata-report-months';
    const copy = s3Store(s3.client(), bucket);
    await s3.client().send(new CreateBucketCommand({ Bucket: bucket }));
    for (const key of await source.list('getappinfo/dt=')) {
      await copy.put(key, await source.read(key), 'application/x-ndjson');
    }
    await copy.put('days/getappinfo/runs/dt=2026-11-28/1400000001.done', '', 'text/plain');
    const months = s3Source(s3.client(), bucket, 2);
    await compactMonths({ source: months, store: copy, prefix: 'getappinfo', concurrency: 4 });
    expect(await months.list('days/getappinfo/month=')).toEqual(
      ['2026-09', '2026-10', '2026-11'].flatMap((m) =>
        [BIG, PLAIN].map((a) => `days/getappinfo/month=${m}/${a.sdkAppId}.json`).sort(),
      ),
    );
    const after = await loadHistory(months, 'getappinfo');
    expect(after.read).toEqual({ months: 6, snapshots: 0 });
    expect(after.rows).toEqual(before.rows);
  });

  it('says which bucket it could not list', async () => {
    const source = s3Source(s3.client({ maxAttempts: 1 }), 'no-such-bucket');
    const listing = source.list('getappinfo/');
    await expect(listing).rejects.toThrow(SnapshotReadError);
    await expect(listing).rejects.toThrow(
      /^could not list s3:\/\/no-such-bucket\/getappinfo\/ \(NoSuchBucket: /,
    );
  });

  it('says which object it could not read', async () => {
    const read = s3Source(s3.client({ maxAttempts: 1 }), BUCKET).read(
      'getappinfo/dt=2000-01-01/1.json',
    );
    await expect(read).rejects.toThrow(
      /^could not read s3:\/\/opsdata-report\/getappinfo\/dt=2000-01-01\/1\.json \(NoSuchKey: /,
    );
  });
});

describe('npm run report -- --bucket', () => {
  it('writes the report of every app in the bucket with the default credentials chain', async () => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
    vi.stubEnv('AWS_ENDPOINT_URL_S3', s3.endpoint);
    vi.stubEnv('AWS_S3_FORCE_PATH_STYLE', 'true');
    const lines: string[] = [];
    const errors: string[] = [];
    const io = { stdout: (t: string) => lines.push(t), stderr: (t: string) => errors.push(t) };
    expect(await runReportCli(['--bucket', BUCKET, '--out', out], io)).toBe(0);
    expect(lines).toEqual([
      `Report of 2 apps from 6 snapshot files (read: 0 month objects, 6 snapshots): ${out}`,
    ]);
    expect(errors).toEqual([
      `chat-opsdata report: not read, not snapshots: 1 object(s), e.g. s3://${BUCKET}/getappinfo/dt=2026-11-28/_notes.txt`,
    ]);
    const page = await readFile(out, 'utf8');
    expect(page).toContain(`from <code>s3://${BUCKET}/getappinfo/</code>`);
    expect(page).toContain('2026-09-29 … 2026-11-27</span> · 60 days');
    expect(page).toContain('<h2><bdi>Test Three</bdi></h2>');
  });
});
