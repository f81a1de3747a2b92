/**
 * The store on the local disk, same keys as S3: a crash never leaves half a file, and the
 * conditional writes behave as S3's do for the writers of one process (the CLI and `compact`).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PreconditionFailedError, StoreError } from '../core/errors.js';
import type { SnapshotStore, StoredObject, WriteCondition } from '../run/snapshot-store.js';
import { writeFileAtomically, writeNewFileAtomically } from './atomic-write.js';

/** S3's ETag of a single-part object: the MD5 of its bytes in hex, in quotes. */
export function etagOf(body: Uint8Array): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** A store that writes under `root`, creating folders as needed. */
export function dirStore(root: string): SnapshotStore {
  const locate = (key: string) => join(root, ...key.split('/'));
  // One conditional write per file at a time, so a read-compare-rename is never interleaved. The
  // map keeps one settled promise per file written conditionally: a few per app and run.
  const writing = new Map<string, Promise<void>>();
  const serialized = (path: string, write: () => Promise<void>) => {
    const done = (writing.get(path) ?? Promise.resolve()).then(write);
    writing.set(
      path,
      done.catch(() => undefined),
    );
    return done;
  };
  const read = async (path: string, key: string): Promise<StoredObject | undefined> => {
    try {
      const body = await readFile(path);
      return { body, etag: etagOf(body) };
    } catch (cause) {
      if (isMissing(cause)) return undefined;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new StoreError(`could not read ${path} (${reason})`, { key, cause });
    }
  };
  const conditional = async (
    path: string,
    key: string,
    bytes: string | Uint8Array,
    condition: WriteCondition,
  ) => {
    if ('ifNoneMatch' in condition) {
      // link() refuses an existing name: the create-if-absent is atomic, even across processes.
      if (await writeNewFileAtomically(path, bytes)) return;
      throw new PreconditionFailedError(`${path} was not written: it already exists`, {
        key,
        reason: 'exists',
      });
    }
    const current = await read(path, key);
    if (current?.etag !== condition.ifMatch) {
      throw new PreconditionFailedError(
        `${path} was not written: ${current === undefined ? 'it no longer exists' : 'it changed since it was read'}`,
        { key, reason: current === undefined ? 'absent' : 'changed' },
      );
    }
    await writeFileAtomically(path, bytes);
  };
  return {
    async put(key, body, _contentType, condition) {
      const path = locate(key);
      try {
        if (condition === undefined) await writeFileAtomically(path, body);
        else await serialized(path, () => conditional(path, key, body, condition));
      } catch (cause) {
        if (cause instanceof StoreError) throw cause;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new StoreError(`could not write ${path} (${reason})`, { key, cause });
      }
    },
    get: (key) => read(locate(key), key),
    locate,
  };
}
