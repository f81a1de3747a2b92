import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
/**
 * Reading the secret from Secrets Manager when it goes wrong, as a user meets it: through the real
 * SDK client against the local endpoint, and through `npm start -- --secret-id` in a fresh process
 * whose environment has no region, no credentials, or points at the local endpoint.
 */
import {
  loadSecretFromSecretsManager,
  secretsManagerProblem,
} from '../../functions/secret/secrets-manager.js';
import {
  type RunningSecretsManager,
  startSecretsManager,
} from '../../tools/harness/secrets-manager-server.js';

const REGION = 'ap-southeast-1';
const KEY = '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
const SECRET = JSON.stringify({
  sdkAppId: 1400000000,
  identifier: 'administrator',
  secretKey: KEY,
  region: 'singapore',
});

let sm: RunningSecretsManager;
let client: SecretsManagerClient;

beforeAll(async () => {
  sm = await startSecretsManager({
    secrets: {
      'chat/ok': SECRET,
      'chat/locked': SECRET,
      'chat/binary': SECRET,
      // Cut short, as a put-secret-value of a half-pasted file leaves it.
      'chat/cut': '{"sdkAppId": 1400000000',
    },
    region: REGION,
    denied: ['chat/locked'],
    binary: ['chat/binary'],
  });
  client = new SecretsManagerClient({
    endpoint: sm.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await sm.close();
});

async function failure(secretId: string): Promise<Error> {
  const error = await loadSecretFromSecretsManager(client, secretId).catch((e: unknown) => e);
  if (!(error instanceof Error)) throw new Error(`expected reading ${secretId} to fail`);
  return error;
}

/** An error shaped like the one the SDK throws (name, message, optional code). */
function sdkError(name: string, message = 'message from AWS', code?: string): Error {
  return Object.assign(new Error(message), { name, ...(code ? { code } : {}) });
}

describe('loadSecretFromSecretsManager', () => {
  it('reads and parses the secret', async () => {
    expect(await loadSecretFromSecretsManager(client, 'chat/ok')).toEqual({
      apps: [JSON.parse(SECRET)],
      notify: [],
    });
  });

  it('says a missing secret is not found, with its name, the region and what to check', async () => {
    expect(await failure('chat/typo')).toMatchObject({
      name: 'ConfigError',
      field: 'SECRET_ID',
      message:
        "could not read secret chat/typo in ap-southeast-1: no such secret — check the name or ARN, and that AWS_REGION (or the profile's region) is the secret's region",
    });
  });

  it('says access is denied and which permission is missing', async () => {
    expect((await failure('chat/locked')).message).toBe(
      'could not read secret chat/locked in ap-southeast-1: access denied — the role or user needs secretsmanager:GetSecretValue on this secret (and kms:Decrypt if it is encrypted with a customer managed key)',
    );
  });

  it('says a binary secret has no SecretString, without showing its bytes', async () => {
    const error = await failure('chat/binary');
    expect(error).toMatchObject({ name: 'ConfigError', field: 'SECRET_ID' });
    expect(error.message).toMatch(
      /^secret chat\/binary has no SecretString .* store the JSON as text/,
    );
    expect(error.message).not.toContain(KEY.slice(0, 12));
  });

  it('names the secret and its SecretString when the JSON there is cut short', async () => {
    const error = await failure('chat/cut');
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      'secret chat/cut is not valid JSON (its SecretString): line 1, column 24: "}" was expected',
    );
  });
});

/** Runs the CLI in a new Node process with exactly `env` (plus PATH); resolves with its output. */
async function cli(args: string[], env: Record<string, string>) {
  const result = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'functions/cli.ts', ...args],
    {
      env: {
        PATH: process.env.PATH ?? '',
        // No ~/.aws of this machine: the SDK sees only what the test gives it.
        HOME: '/nonexistent',
        AWS_CONFIG_FILE: '/nonexistent/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
        // The SDK's own Node 20 deprecation notice is not what these tests look at.
        NODE_NO_WARNINGS: '1',
        ...env,
      },
      timeout: 30_000,
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  return { code: result.code, stdout: result.stdout, stderr: result.stderr.trim() };
}

describe.concurrent('npm start -- --secret-id', () => {
  it('without a region, says to set AWS_REGION or a profile region (exit 2)', async () => {
    expect(await cli(['--secret-id', 'foo'], {})).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'chat-opsdata: could not read secret foo: no AWS region — set AWS_REGION, or a region in your AWS profile (aws configure)',
    });
  });

  it('without credentials, says how to provide them (exit 2)', async () => {
    expect(await cli(['--secret-id', 'foo'], { AWS_REGION: 'eu-west-1' })).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'chat-opsdata: could not read secret foo in eu-west-1: no AWS credentials found — set AWS_PROFILE (and run aws sso login for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    });
  });

  it('for a secret that does not exist, names it and the region (exit 2)', async () => {
    const run = await cli(['--secret-id', 'chat/typo'], {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.endpoint,
    });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe(
      "chat-opsdata: could not read secret chat/typo in ap-southeast-1: no such secret — check the name or ARN, and that AWS_REGION (or the profile's region) is the secret's region",
    );
  });
});

describe('secretsManagerProblem', () => {
  it.each([
    [sdkError('Error', 'Region is missing'), /no AWS region — set AWS_REGION/],
    [sdkError('CredentialsProviderError'), /no AWS credentials found — set AWS_PROFILE/],
    [sdkError('ResourceNotFoundException'), /no such secret — check the name or ARN/],
    [sdkError('AccessDeniedException'), /access denied — .*secretsmanager:GetSecretValue/],
    [sdkError('DecryptionFailure'), /kms:Decrypt on the secret's KMS key/],
    [
      sdkError('ExpiredTokenException'),
      /credentials were rejected \(ExpiredTokenException\).*aws sso login/,
    ],
    [sdkError('UnrecognizedClientException'), /credentials were rejected/],
    [sdkError('Error', 'getaddrinfo ENOTFOUND x', 'ENOTFOUND'), /unreachable \(ENOTFOUND\)/],
    [sdkError('InternalServiceError', 'try later'), /: InternalServiceError: try later$/],
  ])('explains %s', (cause, expected) => {
    const text = secretsManagerProblem(cause, 'chat/tencent', 'eu-west-1');
    expect(text).toMatch(/^could not read secret chat\/tencent in eu-west-1: /);
    expect(text).toMatch(expected);
  });

  it('leaves the region out when it is not known', () => {
    expect(secretsManagerProblem(sdkError('Error', 'Region is missing'), 'x', undefined)).toMatch(
      /^could not read secret x: no AWS region/,
    );
  });
});

describe('secretsManagerProblem: other causes', () => {
  it.each([['InvalidSignatureException'], ['InvalidClientTokenId']])(
    'says the credentials were rejected for %s',
    (name) => {
      expect(secretsManagerProblem(sdkError(name), 'x', 'eu-west-1')).toMatch(
        new RegExp(`: the AWS credentials were rejected \\(${name}\\) — they are wrong or expired`),
      );
    },
  );

  it.each([['ECONNREFUSED'], ['ECONNRESET'], ['ETIMEDOUT'], ['EAI_AGAIN']])(
    'says Secrets Manager is unreachable for %s',
    (code) => {
      expect(secretsManagerProblem(sdkError('Error', 'socket', code), 'x', 'eu-west-1')).toBe(
        `could not read secret x in eu-west-1: Secrets Manager is unreachable (${code}) — check the network, a proxy, and the region`,
      );
    },
  );

  it('says Secrets Manager is unreachable when the connection times out (a TimeoutError, no code)', () => {
    // What @smithy/node-http-handler throws when connectionTimeout passes with no connection.
    const cause = sdkError(
      'TimeoutError',
      '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms.',
    );
    expect(secretsManagerProblem(cause, 'x', 'eu-west-1')).toBe(
      'could not read secret x in eu-west-1: Secrets Manager is unreachable (TimeoutError) — check the network, a proxy, and the region',
    );
  });

  it.each([['XECONNRESET'], ['ECONNRESETX']])(
    'passes on the SDK’s own words for a code %s that only looks like a network one',
    (code) => {
      expect(secretsManagerProblem(sdkError('SomeError', 'text', code), 'x', undefined)).toBe(
        'could not read secret x: SomeError: text',
      );
    },
  );

  it('passes on the SDK’s words for a numeric code', () => {
    const cause = Object.assign(new Error('text'), { name: 'SomeError', code: 404 });
    expect(secretsManagerProblem(cause, 'x', undefined)).toBe(
      'could not read secret x: SomeError: text',
    );
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'boom'],
  ])('describes a cause that is %s without failing itself', (_name, cause) => {
    expect(secretsManagerProblem(cause, 'x', undefined)).toBe(
      `could not read secret x: Error: ${String(cause)}`,
    );
  });
});
