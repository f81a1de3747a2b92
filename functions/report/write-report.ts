/** Writes the page and says where it is. */
import { resolve } from 'node:path';
import { writeFileAtomically } from '../local/atomic-write.js';
import { ReportWriteError } from './errors.js';

/**
 * Writes `text` to `path` whole or not at all, so a browser never opens half a page; returns the
 * absolute path.
 * @throws ReportWriteError naming the path.
 */
export async function writeReportFile(path: string, text: string): Promise<string> {
  const target = resolve(path);
  try {
    await writeFileAtomically(target, text);
  } catch (cause) {
    throw new ReportWriteError(`could not write ${target} (${(cause as Error).message})`, {
      location: target,
      cause,
    });
  }
  return target;
}
