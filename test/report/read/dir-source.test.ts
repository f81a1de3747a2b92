import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirStore } from '../../../functions/local/dir-store.js';
import { SnapshotReadError } from '../../../functions/report/errors.js';
import { dirSource } from '../../../functions/report/read/dir-source.js';

let dir: string;
const KEYS = [
  'getappinfo/dt=2026-11-28/1400000001.json',
  'getappinfo/dt=2026-11-28/sub/deeper.json',
  'getappinfo-old/dt=2026-11-28/1.json',
  'days/getappinfo/month=2026-11/1400000001.json',
  'days/getappinfo/month=2026-10/1400000001.json',
  'days/getappinfo/runs/dt=2026-11-28/1400000001.done',
  'days/getappinfo/monthly.txt',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsdata-dir-source-'));
  for (const key of KEYS) await dirStore(dir).put(key, 'x', 'text/plain');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dirSource.list', () => {
  it('lists every file under a folder prefix, at any depth, as keys in order', async () => {
    expect(await dirSource(dir).list('getappinfo/')).toEqual([
      'getappinfo/dt=2026-11-28/1400000001.json',
      'getappinfo/dt=2026-11-28/sub/deeper.json',
    ]);
  });

  it('lists only the keys that start with a prefix ending inside a name', async () => {
    expect(await dirSource(dir).list('days/getappinfo/month=')).toEqual([
      'days/getappinfo/month=2026-10/1400000001.json',
      'days/getappinfo/month=2026-11/1400000001.json',
    ]);
    expect(await dirSource(dir).list('days/getappinfo/month')).toEqual([
      'days/getappinfo/month=2026-10/1400000001.json',
      'days/getappinfo/month=2026-11/1400000001.json',
      'days/getappinfo/monthly.txt',
    ]);
  });

  it('lists nothing under a prefix with no folder, like S3', async () => {
    expect(await dirSource(dir).list('nothing/here/')).toEqual([]);
    expect(await dirSource(dir).list('nothing/month=')).toEqual([]);
  });

  it('says which folder it could not list', async () => {
    await writeFile(join(dir, 'a-file'), 'x');
    const listing = dirSource(join(dir, 'a-file')).list('getappinfo/');
    await expect(listing).rejects.toThrow(SnapshotReadError);
    await expect(listing).rejects.toThrow(/^could not list .*a-file.getappinfo/);
  });
});
