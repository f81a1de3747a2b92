/** Writing a file whole or not at all: readers see the old file or the new one, never half. */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes `body` beside `path`, then renames it over `path`, creating folders as needed. On failure
 * the temporary file is removed (best effort) and the write error is rethrown as it was.
 */
export async function writeFileAtomically(path: string, body: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${randomUUID()}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, body);
    await rename(temp, path);
  } catch (error) {
    // The folder may not even exist, and the write error is the one to report.
    // Stryker disable next-line all: equivalent (without force, rm's ENOENT is caught too)
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
