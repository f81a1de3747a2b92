import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically, writeNewFileAtomically } from '../../functions/local/atomic-write.js';
import { tempDir } from '../support/temp-dir.js';

describe('writeFileAtomically', () => {
  it('writes a file, creating its folders, and leaves nothing beside it', async () => {
    const root = await tempDir('atomic');
    const path = join(root, 'a', 'b', 'c.json');
    await writeFileAtomically(path, 'one');
    await writeFileAtomically(path, new Uint8Array([0x74, 0x77, 0x6f]));
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(root, 'a', 'b'))).toEqual(['c.json']);
  });

  it('fails when the name is a folder, rethrowing the error and leaving no temporary file', async () => {
    const root = await tempDir('atomic');
    await mkdir(join(root, 'taken', 'inside'), { recursive: true });
    const error = await writeFileAtomically(join(root, 'taken'), 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) });
    expect(await readdir(root)).toEqual(['taken']);
  });

  it('fails when the folder cannot be made, leaving nothing', async () => {
    const root = await tempDir('atomic');
    await writeFile(join(root, 'file'), 'not a folder');
    const error = await writeFileAtomically(join(root, 'file', 'x.json'), 'x').catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
    expect(await readdir(root)).toEqual(['file']);
  });
});

describe('writeNewFileAtomically', () => {
  it('writes a new file and says so, then refuses to replace it, leaving no temporary file', async () => {
    const root = await tempDir('atomic');
    const path = join(root, 'm', 'marker');
    expect(await writeNewFileAtomically(path, 'first')).toBe(true);
    expect(await writeNewFileAtomically(path, 'second')).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('first');
    expect(await readdir(join(root, 'm'))).toEqual(['marker']);
  });

  it('rethrows what is not "the name is taken", leaving nothing', async () => {
    const root = await tempDir('atomic');
    await writeFile(join(root, 'file'), 'not a folder');
    const error = await writeNewFileAtomically(join(root, 'file', 'x'), 'x').catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
    expect(await readdir(root)).toEqual(['file']);
  });

  it('lets exactly one of many concurrent writers create the file', async () => {
    const root = await tempDir('atomic');
    const path = join(root, 'once');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => writeNewFileAtomically(path, `writer ${i}`)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await readFile(path, 'utf8')).toBe(`writer ${results.indexOf(true)}`);
    expect(await readdir(root)).toEqual(['once']);
  });
});
