import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreconditionFailedError, StoreError } from '../../functions/core/errors.js';
import { dirStore } from '../../functions/local/dir-store.js';
import { tempDir } from '../support/temp-dir.js';

describe('dirStore', () => {
  it('writes under the S3 key as a path and replaces an earlier file whole', async () => {
    const root = await tempDir('dir-store');
    const store = dirStore(root);
    await store.put(
      'getappinfo/dt=2026-11-28/1.json',
      'first version, longer\n',
      'application/x-ndjson',
    );
    await store.put('getappinfo/dt=2026-11-28/1.json', 'second\n', 'application/x-ndjson');
    const folder = join(root, 'getappinfo', 'dt=2026-11-28');
    expect(await readFile(join(folder, '1.json'), 'utf8')).toBe('second\n');
    expect(await readdir(folder)).toEqual(['1.json']); // no temp file left behind
    expect(store.locate('a/b.json')).toBe(join(root, 'a', 'b.json'));
  });

  it('replaces a file by renaming a new one over it, so a reader of the old one reads it whole', async () => {
    const root = await tempDir('dir-store');
    const store = dirStore(root);
    const key = 'getappinfo/dt=2026-11-28/1.json';
    const old = 'old snapshot, line 1\nold snapshot, line 2\n';
    await store.put(key, old, 'application/x-ndjson');
    const reader = await open(store.locate(key), 'r');
    try {
      const before = await reader.stat();
      await store.put(key, 'new\n', 'application/x-ndjson');
      expect((await stat(store.locate(key))).ino).not.toBe(before.ino);
      expect(await reader.readFile('utf8')).toBe(old);
      expect(await readFile(store.locate(key), 'utf8')).toBe('new\n');
    } finally {
      await reader.close();
    }
  });

  it('fails with a StoreError naming the key and leaves no temp file', async () => {
    const root = await tempDir('dir-store');
    await writeFile(join(root, 'getappinfo'), 'a file where a folder should be');
    const error = await dirStore(root)
      .put('getappinfo/dt=2026-11-28/1.json', 'x', 'application/json')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ key: 'getappinfo/dt=2026-11-28/1.json' });
    expect((error as Error).message).toMatch(/^could not write .*1\.json \(/);
    expect(await readdir(root)).toEqual(['getappinfo']);
  });

  it('fails a read that is not of a missing file with a StoreError naming it', async () => {
    const root = await tempDir('dir-store');
    await mkdir(join(root, 'days', 'a-folder.json'), { recursive: true });
    const error = await dirStore(root)
      .get('days/a-folder.json')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ key: 'days/a-folder.json' });
    expect((error as Error).message).toMatch(/^could not read .*a-folder\.json \(EISDIR/);
  });

  it('says why a conditional write was refused, naming the file', async () => {
    const root = await tempDir('dir-store');
    const store = dirStore(root);
    const key = 'days/getappinfo/month=2026-11/1.json';
    const path = store.locate(key);
    const absent = await store
      .put(key, 'x', 'text/plain', { ifMatch: '"0"' })
      .catch((e: unknown) => e);
    expect(absent).toBeInstanceOf(PreconditionFailedError);
    expect((absent as Error).message).toBe(`${path} was not written: it no longer exists`);
    await store.put(key, 'v1', 'text/plain', { ifNoneMatch: '*' });
    const changed = await store
      .put(key, 'v2', 'text/plain', { ifMatch: '"0"' })
      .catch((e: unknown) => e);
    expect(changed).toMatchObject({ reason: 'changed' });
    expect((changed as Error).message).toBe(
      `${path} was not written: it changed since it was read`,
    );
    expect(await readdir(join(root, 'days', 'getappinfo', 'month=2026-11'))).toEqual(['1.json']);
  });

  it('fails a conditional write it cannot make with a StoreError, not a refusal', async () => {
    const root = await tempDir('dir-store');
    await writeFile(join(root, 'days'), 'a file where a folder should be');
    const error = await dirStore(root)
      .put('days/x.json', 'x', 'text/plain', { ifNoneMatch: '*' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).not.toBeInstanceOf(PreconditionFailedError);
    expect((error as Error).message).toMatch(/^could not write .*x\.json \(/);
  });

  it('goes on with the next conditional write of a file after one that failed', async () => {
    const root = await tempDir('dir-store');
    const store = dirStore(root);
    const key = 'days/k.json';
    const [first, second] = await Promise.allSettled([
      store.put(key, 'a', 'text/plain', { ifMatch: '"missing"' }),
      store.put(key, 'b', 'text/plain', { ifNoneMatch: '*' }),
    ]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
    expect(Buffer.from((await store.get(key))?.body ?? []).toString()).toBe('b');
  });
});
