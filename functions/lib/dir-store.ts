/** Snapshot store on the local disk, same keys as S3; a crash never leaves half a file. */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StoreError } from './errors.js';
import type { SnapshotStore } from './snapshot-store.js';

/** A store that writes under `root`, creating folders as needed. */
export function dirStore(root: string): SnapshotStore {
  const locate = (key: string) => join(root, ...key.split('/'));
  return {
    async put(key, body) {
      const path = locate(key);
      // Write beside the target, then rename: readers see the old file or the new one, never half.
      const temp = join(dirname(path), `.${randomUUID()}.tmp`);
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(temp, body);
        await rename(temp, path);
      } catch (cause) {
        // Best effort: the folder may not even exist, and the write error is the one to report.
        await rm(temp, { force: true }).catch(() => undefined);
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new StoreError(`could not write ${path} (${reason})`, { key, cause });
      }
    },
    locate,
  };
}
