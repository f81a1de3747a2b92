/** Loads the secret document from AWS Secrets Manager, and says what to do when that fails. */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { NO_CREDENTIALS, NO_REGION } from '../aws/aws-setup.js';
import { ConfigError } from '../core/errors.js';
import { parseSecretDocument, type SecretDocument } from './secret.js';

/**
 * What went wrong reading `secretId`, and what to do about it, from the SDK's error. Never quotes
 * the secret: the SDK's errors do not carry its value.
 */
export function secretsManagerProblem(
  cause: unknown,
  secretId: string,
  region: string | undefined,
  aborted = false,
): string {
  const name = cause instanceof Error ? cause.name : 'Error';
  const message = cause instanceof Error ? cause.message : String(cause);
  const where = region === undefined ? '' : ` in ${region}`;
  const reading = `could not read secret ${secretId}${where}`;
  if (aborted) {
    return `${reading}: Secrets Manager did not answer before the run's deadline — check the network path to it (a VPC endpoint, a NAT, a proxy)`;
  }
  if (/region is missing/i.test(message)) {
    return `${reading}: ${NO_REGION}`;
  }
  switch (name) {
    case 'CredentialsProviderError':
      return `${reading}: ${NO_CREDENTIALS}`;
    case 'ResourceNotFoundException':
      return `${reading}: no such secret — check the name or ARN, and that AWS_REGION (or the profile's region) is the secret's region`;
    case 'AccessDeniedException':
      return `${reading}: access denied — the role or user needs secretsmanager:GetSecretValue on this secret (and kms:Decrypt if it is encrypted with a customer managed key)`;
    case 'DecryptionFailure':
      return `${reading}: Secrets Manager could not decrypt it — the role needs kms:Decrypt on the secret's KMS key`;
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
    case 'InvalidClientTokenId':
      return `${reading}: the AWS credentials were rejected (${name}) — they are wrong or expired; for an SSO profile run aws sso login`;
  }
  // A Node network error's code (ENOTFOUND …); no code, or one of another kind, matches none.
  const code = String((cause as { code?: unknown } | undefined)?.code);
  const unreachable = /^(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN)$/.test(code);
  if (unreachable || name === 'TimeoutError') {
    return `${reading}: Secrets Manager is unreachable (${unreachable ? code : name}) — check the network, a proxy, and the region`;
  }
  return `${reading}: ${name}: ${message}`;
}

/**
 * Reads the current version of `secretId` and parses it; `signal` (the run's deadline) cuts the
 * call if Secrets Manager has not answered by then.
 * @throws ConfigError saying why the secret cannot be read (no region, no credentials, not
 * found, access denied, no answer in time, no SecretString) or which field is malformed.
 */
export async function loadSecretFromSecretsManager(
  client: SecretsManagerClient,
  secretId: string,
  options: { readonly signal?: AbortSignal } = {},
): Promise<SecretDocument> {
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(
      new GetSecretValueCommand({ SecretId: secretId }),
      { abortSignal: options.signal },
    ));
  } catch (cause) {
    const region = await client.config.region().catch(() => undefined);
    const aborted = options.signal?.aborted ?? false;
    throw new ConfigError(secretsManagerProblem(cause, secretId, region, aborted), {
      field: 'SECRET_ID',
      cause,
    });
  }
  if (secretString === undefined) {
    throw new ConfigError(
      `secret ${secretId} has no SecretString (it holds binary data) — store the JSON as text: aws secretsmanager put-secret-value --secret-string file://secret.json`,
      { field: 'SECRET_ID' },
    );
  }
  return parseSecretDocument(secretString, {
    name: `secret ${secretId}`,
    where: 'its SecretString',
  });
}
