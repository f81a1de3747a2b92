import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import { loadSecretFromFile, secretsManagerProblem } from '../../functions/secret/secret-source.js';
import { tempDir } from '../support/temp-dir.js';

/** An error shaped like the one the SDK throws (name, message, optional code). */
function sdkError(name: string, message = 'message from AWS', code?: string): Error {
  return Object.assign(new Error(message), { name, ...(code ? { code } : {}) });
}

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

describe('loadSecretFromFile', () => {
  it('reads and parses the secret file', async () => {
    const path = join(await tempDir('secret-file'), 'secret.json');
    const app = { sdkAppId: 1400000000, identifier: 'admin', secretKey: 'k', region: 'tokyo' };
    await writeFile(path, JSON.stringify(app));
    expect(await loadSecretFromFile(path)).toEqual([app]);
  });

  it('names the file, the reason and --secret-file when it cannot be read', async () => {
    const path = join(await tempDir('secret-file'), 'missing.json');
    const error = await loadSecretFromFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      field: '--secret-file',
      message: `could not read secret file ${path} (ENOENT)`,
    });
    expect((error as Error).cause).toMatchObject({ code: 'ENOENT' });
  });
});
