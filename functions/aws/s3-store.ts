/**
 * The store on S3: one PutObject per object with a SHA-256 checksum S3 verifies, GetObject for
 * reads, and S3's conditional writes (`If-None-Match: *`, `If-Match: <etag>`).
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PreconditionFailedError, type PreconditionReason, StoreError } from '../core/errors.js';
import type { SnapshotStore, WriteCondition } from '../run/snapshot-store.js';
import { describeAwsError } from './clients.js';

/**
 * The HTTP status of a failed call. The SDK rejects with an Error only (its retry step wraps
 * anything else), with `$metadata` once the request went out; the catch blocks see no other value.
 */
const statusOf = (cause: unknown) =>
  (cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Why S3 refused a conditional write, or undefined when it failed for another reason. */
function refusal(
  cause: unknown,
  condition: WriteCondition | undefined,
): PreconditionReason | undefined {
  if (condition === undefined) return undefined;
  const status = statusOf(cause);
  if (status === 412) return 'ifMatch' in condition ? 'changed' : 'exists';
  if (status === 409) return 'conflict';
  // If-Match on a key with no object: S3 answers 404 NoSuchKey.
  if (status === 404 && 'ifMatch' in condition) return 'absent';
  return undefined;
}

/**
 * Whether a GetObject failed because there is no object to read. Without `s3:ListBucket` (the
 * function has none) S3 answers a missing key with 403 AccessDenied instead of 404 NoSuchKey
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html): both mean "no object this
 * role can read". A caller that then writes with `ifNoneMatch` learns from a 412 that there is
 * one after all, so a real permission problem still surfaces instead of losing data.
 */
function isMissing(cause: unknown): boolean {
  const { name } = cause as Error; // always an Error (see statusOf)
  return name === 'NoSuchKey' || name === 'AccessDenied' || name === 'NotFound';
}

/**
 * A store that writes to and reads from `bucket` through `client`; `signal` (the run's deadline)
 * cuts every call still waiting when it fires.
 */
export function s3Store(
  client: S3Client,
  bucket: string,
  options: { readonly signal?: AbortSignal } = {},
): SnapshotStore {
  const { signal } = options;
  const locate = (key: string) => `s3://${bucket}/${key}`;
  const reasonOf = (cause: unknown) => describeAwsError(cause, signal);
  return {
    async put(key, body, contentType, condition) {
      // Stryker disable next-line all: equivalent (UTF-8 either way; Buffer.from copies bytes)
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: bytes,
            ContentType: contentType,
            // S3 rejects the upload if the bytes it received do not hash to this.
            ChecksumSHA256: createHash('sha256').update(bytes).digest('base64'),
            ...(condition === undefined
              ? {}
              : 'ifMatch' in condition
                ? { IfMatch: condition.ifMatch }
                : { IfNoneMatch: condition.ifNoneMatch }),
          }),
          { abortSignal: signal },
        );
      } catch (cause) {
        const refused = refusal(cause, condition);
        if (refused !== undefined) {
          throw new PreconditionFailedError(
            `${locate(key)} was not written: ${refused === 'exists' ? 'it already exists' : refused === 'absent' ? 'it no longer exists' : 'it changed since it was read'}`,
            { key, reason: refused, cause },
          );
        }
        throw new StoreError(`could not write ${locate(key)} (${reasonOf(cause)})`, { key, cause });
      }
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
          abortSignal: signal,
        });
        const { Body: body, ETag: etag } = object;
        if (etag === undefined) throw new Error('S3 answered without an ETag');
        // Stryker disable next-line all: unreachable, the SDK gives every GetObject answer a Body (the response stream, even an empty one); the check is for the type
        if (body === undefined) throw new Error('S3 answered without a body');
        return { body: await body.transformToByteArray(), etag };
      } catch (cause) {
        if (isMissing(cause) && !signal?.aborted) return undefined;
        throw new StoreError(`could not read ${locate(key)} (${reasonOf(cause)})`, { key, cause });
      }
    },
    locate,
  };
}
