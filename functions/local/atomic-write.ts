/** Writing a file whole or not at all: readers see the old file or the new one, never half. */
import { randomUUID } from 'node:crypto';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Writes `body` to a new temporary file beside `path` (creating folders) and returns its path. */
async function writeBeside(path: string, body: string | Uint8Array): Promise<string> {
  const temp = join(dirname(path), `.${randomUUID()}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, body);
    return temp;
  } catch (error) {
    // The folder may not even exist, and the write error is the one to report.
    // Stryker disable next-line all: equivalent (without force, rm's ENOENT is caught too)
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes `body` beside `path`, then renames it over `path`, creating folders as needed. On failure
 * the temporary file is removed (best effort) and the write error is rethrown as it was.
 */
export async function writeFileAtomically(path: string, body: string | Uint8Array): Promise<void> {
  const temp = await writeBeside(path, body);
  try {
    await rename(temp, path);
  } catch (error) {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent (the temporary file exists: it was just written)
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes `body` to `path` only if no file has that name: the whole file appears at once (a hard
 * link to a finished temporary file), and `false` says another file was there first.
 */
export async function writeNewFileAtomically(
  path: string,
  body: string | Uint8Array,
): Promise<boolean> {
  const temp = await writeBeside(path, body);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: link() of a file just written beside the target fails only with EEXIST here
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent (the temporary file exists: it was just written)
    await rm(temp, { force: true }).catch(() => undefined);
  }
}
