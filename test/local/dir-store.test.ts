import { open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../functions/core/errors.js';
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
});
