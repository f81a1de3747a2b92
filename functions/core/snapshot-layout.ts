/** Where a snapshot goes: the object keys of one app's snapshot for one run date (`dt`). */
export interface SnapshotKeys {
  /** Typed rows, NDJSON: `<prefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly rows: string;
  /** The API body byte for byte: `raw/<prefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly raw: string;
}

/** The two object keys of one app's snapshot for one run date. */
export function snapshotKeys(prefix: string, dt: string, sdkAppId: number): SnapshotKeys {
  const file = `dt=${dt}/${sdkAppId}.json`;
  return { rows: `${prefix}/${file}`, raw: `raw/${prefix}/${file}` };
}
