/** Writes the page and says where it is. */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ReportWriteError } from './errors.js';

/**
 * Writes `text` to `path` beside-then-rename, so a browser never opens half a page; returns the
 * absolute path.
 * @throws ReportWriteError naming the path.
 */
export async function writeReportFile(path: string, text: string): Promise<string> {
  const target = resolve(path);
  const temp = join(dirname(target), `.${randomUUID()}.tmp`);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temp, text);
    await rename(temp, target);
  } catch (cause) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new ReportWriteError(`could not write ${target} (${(cause as Error).message})`, {
      location: target,
      cause,
    });
  }
  return target;
}
