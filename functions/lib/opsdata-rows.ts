/**
 * Turns getappinfo `Result` elements into typed snapshot rows and NDJSON.
 * Counts stay `bigint` end to end so values past 2^53 keep every digit.
 */
import {
  COLUMNS,
  COUNT_FIELDS,
  INFO_FIELDS,
  REQUESTABLE_FIELDS,
  SCHEMA_VERSION,
} from './opsdata-schema.js';

/** Largest value an Athena `bigint` (signed 64-bit) holds. */
const BIGINT_MAX = 2n ** 63n - 1n;

const KNOWN_FIELDS = new Set<string>(REQUESTABLE_FIELDS);

export type RowValue = bigint | number | string | null | readonly string[] | Record<string, string>;

/** One snapshot row, keyed by column name (see `COLUMNS`). */
export type OpsdataRow = Record<string, RowValue>;

export interface RowContext {
  readonly sdkAppId: number;
  /** Fields the request asked for; undefined means all fields. */
  readonly requestFields: readonly string[] | undefined;
  readonly extractedAt: Date;
  readonly runId: string;
}

/** Parses a getappinfo count: a non-negative decimal integer that fits a signed 64-bit. */
export function parseCount(value: unknown): bigint | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text)) return undefined;
  const n = BigInt(text);
  return n <= BIGINT_MAX ? n : undefined;
}

/** `"20261127"` → `"2026-11-27"`, or undefined when it is not a real calendar day. */
export function parseStatDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/**
 * Normalizes one `Result` element. `Date` must already be valid (see `parseStatDate`).
 * Not-requested fields become null; malformed values become null and are listed in `invalid_fields`.
 */
export function toRow(element: Readonly<Record<string, unknown>>, ctx: RowContext): OpsdataRow {
  const requested = ctx.requestFields ? new Set(ctx.requestFields) : undefined;
  const invalid: string[] = [];
  const asked = (field: string) => requested === undefined || requested.has(field);
  const text = (field: string): string | null => {
    const value = element[field];
    if (!asked(field) || value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    invalid.push(field);
    return null;
  };
  const count = (field: string): bigint | null => {
    const value = element[field];
    if (!asked(field) || value === undefined || value === null) return null;
    const n = parseCount(value);
    if (n === undefined) invalid.push(field);
    return n ?? null;
  };

  const row: OpsdataRow = {
    app_id: BigInt(ctx.sdkAppId),
    app_name: text(INFO_FIELDS.appName),
    company: text(INFO_FIELDS.company),
    api_app_id: count(INFO_FIELDS.appId),
    stat_date: parseStatDate(element[INFO_FIELDS.date]) ?? null,
  };
  for (const f of COUNT_FIELDS) row[f.column] = count(f.apiField);

  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(element)) {
    if (KNOWN_FIELDS.has(key)) continue;
    extra[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  row.invalid_fields = invalid;
  row.extra = extra;
  row.extracted_at = ctx.extractedAt.toISOString();
  row.run_id = ctx.runId;
  row.schema_version = SCHEMA_VERSION;
  return row;
}

function jsonValue(value: RowValue | undefined): string {
  // JSON.stringify cannot write a bigint; its decimal digits are already valid JSON.
  return typeof value === 'bigint' ? value.toString() : JSON.stringify(value ?? null);
}

/** Serializes rows as NDJSON, keys in `COLUMNS` order, one line per row, trailing newline. */
export function toNdjson(rows: readonly OpsdataRow[]): string {
  return rows
    .map((row) => `{${COLUMNS.map((c) => `"${c.name}":${jsonValue(row[c.name])}`).join(',')}}\n`)
    .join('');
}
