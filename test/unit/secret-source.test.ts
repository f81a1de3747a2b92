import { describe, expect, it } from 'vitest';
import { secretsManagerProblem } from '../../functions/lib/secret-source.js';

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
