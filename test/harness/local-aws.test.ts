import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningS3, startFailingS3, startS3 } from '../../tools/harness/s3-server.js';
import {
  type RunningSecretsManager,
  startSecretsManager,
} from '../../tools/harness/secrets-manager-server.js';

const SECRET =
  '{"sdkAppId":1400000000,"identifier":"administrator","secretKey":"k","region":"singapore"}';

describe('local Secrets Manager through @aws-sdk/client-secrets-manager', () => {
  let sm: RunningSecretsManager;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    sm = await startSecretsManager({
      secrets: { 'chat-opsdata/app': SECRET },
      region: 'ap-southeast-1',
    });
    client = new SecretsManagerClient({
      endpoint: sm.endpoint,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await sm.close();
  });

  it('returns the secret by name with the current version metadata', async () => {
    const before = Date.now();
    const out = await client.send(new GetSecretValueCommand({ SecretId: 'chat-opsdata/app' }));
    expect(out.SecretString).toBe(SECRET);
    expect(out.Name).toBe('chat-opsdata/app');
    expect(out.ARN).toMatch(
      /^arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:chat-opsdata\/app-[A-Za-z0-9]{6}$/,
    );
    expect(out.VersionStages).toEqual(['AWSCURRENT']);
    expect(out.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    // CreatedDate travels as epoch seconds; the SDK turns it into a Date.
    expect(out.CreatedDate).toBeInstanceOf(Date);
    expect(Math.abs((out.CreatedDate?.getTime() ?? 0) - before)).toBeLessThan(60_000);
  });

  it('returns the secret by the ARN it generated', async () => {
    const out = await client.send(
      new GetSecretValueCommand({ SecretId: sm.arnOf('chat-opsdata/app') }),
    );
    expect(out.SecretString).toBe(SECRET);
  });

  it('rejects an unknown id with the SDK ResourceNotFoundException', async () => {
    const error = await client
      .send(new GetSecretValueCommand({ SecretId: 'nope' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).message).toBe(
      "Secrets Manager can't find the specified secret.",
    );
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
    expect(sm.requests.at(-1)).toEqual({
      target: 'secretsmanager.GetSecretValue',
      secretId: 'nope',
      error: 'ResourceNotFoundException',
    });
  });

  it('serves a new value and version after setSecret', async () => {
    const first = await client.send(new GetSecretValueCommand({ SecretId: 'chat-opsdata/app' }));
    sm.setSecret('chat-opsdata/app', '{"apps":[]}');
    const second = await client.send(new GetSecretValueCommand({ SecretId: 'chat-opsdata/app' }));
    expect(second.SecretString).toBe('{"apps":[]}');
    expect(second.VersionId).not.toBe(first.VersionId);
    expect(second.ARN).toBe(first.ARN);
  });

  it('rejects a client signing for another region', async () => {
    const other = new SecretsManagerClient({
      endpoint: sm.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const error = await other
      .send(new GetSecretValueCommand({ SecretId: 'chat-opsdata/app' }))
      .catch((e: unknown) => e);
    other.destroy();
    expect(error).toBeInstanceOf(SecretsManagerServiceException);
    expect((error as SecretsManagerServiceException).name).toBe('InvalidSignatureException');
  });

  it.each([
    ['no Authorization header', {}, 'MissingAuthenticationTokenException'],
    [
      'another operation',
      {
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20250101/ap-southeast-1/secretsmanager/aws4_request, ' +
          `SignedHeaders=host, Signature=${'0'.repeat(64)}`,
        'x-amz-target': 'secretsmanager.ListSecrets',
      },
      'UnknownOperationException',
    ],
  ])('answers %s with HTTP 400 %s', async (_, headers, type) => {
    const response = await fetch(`${sm.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
        ...headers,
      },
      body: '{"SecretId":"chat-opsdata/app"}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(((await response.json()) as { __type: string }).__type).toBe(type);
  });
});

describe('local S3 (s3rver) through @aws-sdk/client-s3', () => {
  let s3: RunningS3;
  const body = 'héllo ✓\n{"a":1}\n';

  beforeAll(async () => {
    s3 = await startS3({ buckets: ['snapshots'] });
  });
  afterAll(async () => {
    await s3.close();
  });

  it('stores a PutObject with Content-MD5 and SHA-256 and returns the exact bytes and type', async () => {
    const client = s3.client();
    await client.send(
      new PutObjectCommand({
        Bucket: 'snapshots',
        Key: 'getappinfo/dt=2025-01-02/1400000000.json',
        Body: body,
        ContentType: 'application/x-ndjson',
        ContentMD5: createHash('md5').update(body).digest('base64'),
        ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
      }),
    );
    const got = await client.send(
      new GetObjectCommand({
        Bucket: 'snapshots',
        Key: 'getappinfo/dt=2025-01-02/1400000000.json',
      }),
    );
    expect(Buffer.from((await got.Body?.transformToByteArray()) ?? [])).toEqual(Buffer.from(body));
    expect(got.ContentType).toBe('application/x-ndjson');
  });

  it.each([
    ['ContentMD5', { ContentMD5: createHash('md5').update('other').digest('base64') }],
    ['ChecksumSHA256', { ChecksumSHA256: createHash('sha256').update('other').digest('base64') }],
  ])('rejects a PutObject whose %s does not match the body with BadDigest', async (_, digest) => {
    const error = await s3
      .client()
      .send(new PutObjectCommand({ Bucket: 'snapshots', Key: 'bad.json', Body: body, ...digest }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    expect((error as S3ServiceException).name).toBe('BadDigest');
    const missing = await s3
      .client()
      .send(new GetObjectCommand({ Bucket: 'snapshots', Key: 'bad.json' }))
      .catch((e: unknown) => e);
    expect((missing as S3ServiceException).name).toBe('NoSuchKey');
  });

  it('rejects a PutObject to a bucket that was not created', async () => {
    const error = await s3
      .client()
      .send(new PutObjectCommand({ Bucket: 'other', Key: 'k', Body: body }))
      .catch((e: unknown) => e);
    expect((error as S3ServiceException).name).toBe('NoSuchBucket');
  });
});

describe('failing S3', () => {
  it.each([
    [{ maxAttempts: 1 }, 1],
    [{}, 3],
  ])(
    'makes PutObject reject with InternalError (client %o, %i attempts)',
    async (overrides, attempts) => {
      const failing = await startFailingS3(500);
      try {
        const started = performance.now();
        const error = await failing
          .client(overrides)
          .send(new PutObjectCommand({ Bucket: 'snapshots', Key: 'k', Body: 'x' }))
          .catch((e: unknown) => e);
        const elapsed = performance.now() - started;
        expect(error).toBeInstanceOf(S3ServiceException);
        const s3Error = error as S3ServiceException;
        expect(s3Error.name).toBe('InternalError');
        expect(s3Error.message).toBe('We encountered an internal error. Please try again.');
        expect(s3Error.$metadata.httpStatusCode).toBe(500);
        expect(s3Error.$metadata.attempts).toBe(attempts);
        expect(failing.requestCount()).toBe(attempts);
        // The SDK's standard retry backs off with jitter (base 100 ms), so three attempts stay quick.
        expect(elapsed).toBeLessThan(5_000);
      } finally {
        await failing.close();
      }
    },
  );
});
