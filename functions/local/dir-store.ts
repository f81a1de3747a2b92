/** Snapshot store on the local disk, same keys as S3; a crash never leaves half a file. */
import { join } from 'node:path';
import { StoreError } from '../core/errors.js';
import type { SnapshotStore } from '../run/snapshot-store.js';
import { writeFileAtomically } from './atomic-write.js';

/** A store that writes under `root`, creating folders as needed. */
export function dirStore(root: string): SnapshotStore {
  const locate = (key: string) => join(root, ...key.split('/'));
  return {
    async put(key, body) {
      const path = locate(key);
      try {
        await writeFileAtomically(path, body);
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new StoreError(`could not write ${path} (${reason})`, { key, cause });
      }
    },
    locate,
  };
}
