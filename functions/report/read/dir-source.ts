/** Snapshots in a local folder with the S3 layout (what `npm start -- --out <dir>` writes). */
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { SnapshotReadError } from '../errors.js';
import type { SnapshotSource } from './snapshot-source.js';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** A read-only source over the folder `root` (keys map to paths as in `dirStore`). */
export function dirSource(root: string): SnapshotSource {
  const locate = (key: string) => join(root, ...key.split('/'));
  const keyOf = (entry: Dirent) =>
    relative(root, join(entry.parentPath, entry.name)).split(sep).join('/');
  /** The entries of `folder` (every file below it with `recursive`); none when it is missing. */
  const entries = async (folder: string, recursive: boolean): Promise<Dirent[]> => {
    try {
      return await readdir(folder, { recursive, withFileTypes: true });
    } catch (cause) {
      // Like S3, a prefix with nothing under it lists nothing; the caller says what it expected.
      if (isMissing(cause)) return [];
      throw new SnapshotReadError(`could not list ${folder} (${(cause as Error).message})`, {
        location: folder,
        cause,
      });
    }
  };
  return {
    async list(keyPrefix) {
      // `a/b/` lists everything under a/b; `a/b/month=` only the entries of a/b named month=…,
      // so the folders beside them (the run's bookkeeping) are never walked.
      const cut = keyPrefix.lastIndexOf('/') + 1;
      const [folder, name] = [locate(keyPrefix.slice(0, cut)), keyPrefix.slice(cut)];
      let found: Dirent[];
      if (name === '') found = await entries(folder, true);
      else {
        const named = (await entries(folder, false)).filter((e) => e.name.startsWith(name));
        const below = await Promise.all(
          named.filter((e) => e.isDirectory()).map((e) => entries(join(folder, e.name), true)),
        );
        found = [...named, ...below.flat()];
      }
      return found
        .filter((entry) => entry.isFile())
        .map(keyOf)
        .sort();
    },
    async read(key) {
      const path = locate(key);
      try {
        return await readFile(path, 'utf8');
      } catch (cause) {
        throw new SnapshotReadError(`could not read ${path} (${(cause as Error).message})`, {
          location: path,
          cause,
        });
      }
    },
    locate,
    describe: (prefix) => `${locate(prefix)}${sep}`,
  };
}
