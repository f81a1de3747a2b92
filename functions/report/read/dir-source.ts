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
  return {
    async list(prefix) {
      const base = locate(prefix);
      let entries: Dirent[];
      try {
        entries = await readdir(base, { recursive: true, withFileTypes: true });
      } catch (cause) {
        // Like S3, a prefix with nothing under it lists nothing; the caller says what it expected.
        if (isMissing(cause)) return [];
        throw new SnapshotReadError(`could not list ${base} (${(cause as Error).message})`, {
          location: base,
          cause,
        });
      }
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
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
