/** The one seam between the pipeline and where snapshots land (S3 in Lambda, a folder locally). */

export interface SnapshotStore {
  /**
   * Writes one object in full, replacing any object under the same key.
   * @throws StoreError naming the key.
   */
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /** Where a key ends up, for the summary (`s3://bucket/key` or a file path). */
  locate(key: string): string;
}
