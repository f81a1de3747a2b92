/**
 * The one seam between the run and where its objects live (S3 in Lambda, a folder locally): whole
 * objects written and read by key, with S3's conditional writes so that a read-merge-write or a
 * "once" marker never loses another writer's update.
 */

/** An object as read, with the entity tag a conditional write can be made against. */
export interface StoredObject {
  readonly body: Uint8Array;
  /** S3's ETag, quotes included (`"9b2cf535f27731c974343645a3985328"`). */
  readonly etag: string;
}

/**
 * A precondition for a write (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html):
 * only if no object has the key yet, or only if the object still has the ETag that was read.
 */
export type WriteCondition = { readonly ifNoneMatch: '*' } | { readonly ifMatch: string };

export interface SnapshotStore {
  /**
   * Writes one object in full, replacing any object under the same key (or, with `condition`,
   * only when the condition holds — atomically: no other write slips in between).
   * @throws PreconditionFailedError when `condition` does not hold; StoreError otherwise.
   */
  put(
    key: string,
    body: string | Uint8Array,
    contentType: string,
    condition?: WriteCondition,
  ): Promise<void>;
  /**
   * Reads one object whole; undefined when there is none under `key`.
   * @throws StoreError naming the key.
   */
  get(key: string): Promise<StoredObject | undefined>;
  /** Where a key ends up, for the summary (`s3://bucket/key` or a file path). */
  locate(key: string): string;
}
