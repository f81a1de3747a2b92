/** Snapshot store on S3: one PutObject per object, with a SHA-256 checksum S3 verifies. */
import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StoreError } from '../core/errors.js';
import type { SnapshotStore } from '../run/snapshot-store.js';

/** A store that writes to `bucket` through `client`. */
export function s3Store(client: S3Client, bucket: string): SnapshotStore {
  return {
    async put(key, body, contentType) {
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
          }),
        );
      } catch (cause) {
        const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
        throw new StoreError(`could not write s3://${bucket}/${key} (${reason})`, { key, cause });
      }
    },
    locate: (key) => `s3://${bucket}/${key}`,
  };
}
