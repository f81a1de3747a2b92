/** Where a snapshot goes: the run date in the configured time zone and the object keys. */
export interface SnapshotKeys {
  /** Typed rows, NDJSON: `<prefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly rows: string;
  /** The API body byte for byte: `raw/<prefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly raw: string;
}

/** The calendar day of `now` in `timeZone` (checked with `checkTimeZone` in checks.ts), as `YYYY-MM-DD`. */
export function runDate(now: Date, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const parts = format.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The two object keys of one app's snapshot for one run date. */
export function snapshotKeys(prefix: string, dt: string, sdkAppId: number): SnapshotKeys {
  const file = `dt=${dt}/${sdkAppId}.json`;
  return { rows: `${prefix}/${file}`, raw: `raw/${prefix}/${file}` };
}
