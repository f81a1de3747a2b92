/** Loads the secret document from a local file (the CLI's --secret-file), then parses it. */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../core/errors.js';
import { parseSecretDocument, type SecretDocument } from './secret.js';

/**
 * Reads the secret JSON from a local file and parses it.
 * @throws ConfigError when the file cannot be read or is malformed.
 */
export async function loadSecretFromFile(path: string): Promise<SecretDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    // Stryker disable next-line StringLiteral: not reachable: readFile rejects only with Node's own errors, each with a code (ENOENT, EACCES, EISDIR, ERR_…)
    const code = (cause as { code?: string }).code ?? 'error';
    throw new ConfigError(`could not read secret file ${path} (${code})`, {
      field: '--secret-file',
      cause,
    });
  }
  return parseSecretDocument(text, { name: `secret file ${path}` });
}
