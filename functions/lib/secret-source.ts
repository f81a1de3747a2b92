/** Loads the secret document from Secrets Manager or a file, then parses it. */
import { readFile } from 'node:fs/promises';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from './errors.js';
import { type AppConfig, parseSecret } from './secret.js';

/**
 * Reads the current version of `secretId` and parses it.
 * @throws ConfigError when the secret cannot be read or is malformed.
 */
export async function loadSecretFromSecretsManager(
  client: SecretsManagerClient,
  secretId: string,
): Promise<AppConfig[]> {
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(
      new GetSecretValueCommand({ SecretId: secretId }),
    ));
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : 'Error';
    const hint =
      name === 'ResourceNotFoundException'
        ? ' — check the secret name/ARN and the AWS region'
        : name === 'AccessDeniedException'
          ? ' — the role may not read this secret'
          : '';
    throw new ConfigError(`could not read secret ${secretId}: ${name}${hint}`, {
      field: 'SECRET_ID',
      cause,
    });
  }
  if (secretString === undefined) {
    throw new ConfigError(`secret ${secretId} has no SecretString — store the JSON as text`, {
      field: 'SECRET_ID',
    });
  }
  return parseSecret(secretString);
}

/**
 * Reads the secret JSON from a local file and parses it.
 * @throws ConfigError when the file cannot be read or is malformed.
 */
export async function loadSecretFromFile(path: string): Promise<AppConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? 'error';
    throw new ConfigError(`could not read secret file ${path} (${code})`, {
      field: '--secret-file',
      cause,
    });
  }
  return parseSecret(text);
}
