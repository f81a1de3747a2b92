/** Snapshots in an S3 bucket: ListObjectsV2 (every page) and GetObject, nothing else. */
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { SnapshotReadError } from '../errors.js';
import type { SnapshotSource } from './snapshot-source.js';

const reason = (cause: unknown) =>
  cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);

/** A read-only source over `bucket`; `pageSize` is ListObjectsV2's MaxKeys (tests make it small). */
export function s3Source(client: S3Client, bucket: string, pageSize = 1000): SnapshotSource {
  const locate = (key: string) => `s3://${bucket}/${key}`;
  return {
    async list(keyPrefix) {
      const keys: string[] = [];
      try {
        // The SDK's paginator follows NextContinuationToken until the listing is complete.
        for await (const page of paginateListObjectsV2(
          { client, pageSize },
          { Bucket: bucket, Prefix: keyPrefix },
        )) {
          for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        }
      } catch (cause) {
        throw new SnapshotReadError(`could not list ${locate(keyPrefix)} (${reason(cause)})`, {
          location: locate(keyPrefix),
          cause,
        });
      }
      return keys.sort();
    },
    async read(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (object.Body === undefined) throw new Error('empty body');
        return await object.Body.transformToString('utf8');
      } catch (cause) {
        throw new SnapshotReadError(`could not read ${locate(key)} (${reason(cause)})`, {
          location: locate(key),
          cause,
        });
      }
    },
    locate,
    describe: (prefix) => locate(`${prefix}/`),
  };
}
