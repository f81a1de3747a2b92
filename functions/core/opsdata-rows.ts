/**
 * Turns getappinfo `Result` days into typed snapshot rows and NDJSON.
 * Counts stay `bigint` end to end so values past 2^53 keep every digit.
 */
import type { ResultDay } from '../getappinfo/response.js';
import {
  COLUMNS,
  COUNT_FIELDS,
  type DatedRow,
  DT_COLUMN,
  INFO_FIELDS,
  type OpsdataRow,
  REQUESTABLE_FIELDS,
  SCHEMA_VERSION,
} from './opsdata-schema.js';

/** Largest value an Athena `bigint` (signed 64-bit) holds. */
const BIGINT_MAX = 2n ** 63n - 1n;

const KNOWN_FIELDS = new Set<string>(REQUESTABLE_FIELDS);

export interface RowContext {
  readonly sdkAppId: number;
  /** Fields the request asked for; undefined means all fields. */
  readonly requestFields: readonly string[] | undefined;
  readonly extractedAt: Date;
  readonly runId: string;
}

/** Parses a getappinfo count: a non-negative decimal integer that fits a signed 64-bit. */
export function parseCount(value: unknown): bigint | undefined {
  const text = Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text)) return undefined;
  // Leading zeros do not count towards the length ('000…007' is 7). BIGINT_MAX has 19 digits, so
  // a longer count is past it: BigInt never reads more than 19.
  const digits = text.replace(/^0+(?=\d)/, '');
  // Stryker disable next-line ConditionalExpression: equivalent (the 2^63 check below rejects a longer count too; this spares BigInt a long text)
  if (digits.length > 19) return undefined;
  const n = BigInt(digits);
  return n <= BIGINT_MAX ? n : undefined;
}

/**
 * Normalizes one day of the `Result`. Not-requested fields become null; malformed values become
 * null and are listed in `invalid_fields`; fields the schema does not know go to `extra`.
 */
export function toRow(day: ResultDay, ctx: RowContext): OpsdataRow {
  const { fields } = day;
  const extractedAt = ctx.extractedAt.toISOString();
  const requested = ctx.requestFields ? new Set(ctx.requestFields) : undefined;
  const invalid: string[] = [];
  const present = (field: string) =>
    (requested === undefined || requested.has(field)) &&
    fields[field] !== undefined &&
    fields[field] !== null;
  const text = (field: string): string | null => {
    if (!present(field)) return null;
    const value = fields[field];
    if (typeof value === 'string') return value;
    invalid.push(field);
    return null;
  };
  const count = (field: string): bigint | null => {
    if (!present(field)) return null;
    const n = parseCount(fields[field]);
    if (n === undefined) invalid.push(field);
    return n ?? null;
  };

  // Built in one object, column by column: this runs for every day of every app.
  const row: Record<string, unknown> = {
    app_id: BigInt(ctx.sdkAppId),
    app_name: text(INFO_FIELDS.appName),
    company: text(INFO_FIELDS.company),
    api_app_id: count(INFO_FIELDS.appId),
    stat_date: day.statDate,
  };
  for (const f of COUNT_FIELDS) row[f.column] = count(f.apiField);
  const unknown = Object.keys(fields).filter((key) => !KNOWN_FIELDS.has(key));
  row.invalid_fields = invalid;
  // fromEntries defines each key, so a field named "__proto__" is kept, not taken as a prototype.
  row.extra = Object.fromEntries(
    unknown.map((key) => {
      const value = fields[key];
      return [key, typeof value === 'string' ? value : JSON.stringify(value)];
    }),
  );
  row.extracted_at = extractedAt;
  row.run_id = ctx.runId;
  row.schema_version = SCHEMA_VERSION;
  return row as unknown as OpsdataRow;
}

function jsonValue(value: OpsdataRow[keyof OpsdataRow]): string {
  // JSON.stringify cannot write a bigint; its decimal digits are already valid JSON.
  return typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
}

const fields = (row: OpsdataRow) => COLUMNS.map((c) => `"${c.name}":${jsonValue(row[c.name])}`);

/** Serializes rows as NDJSON, keys in `COLUMNS` order, one line per row, trailing newline. */
export function toNdjson(rows: readonly OpsdataRow[]): string {
  return rows.map((row) => `{${fields(row).join(',')}}\n`).join('');
}

/** Serializes month-layer rows: the snapshot columns in order, then `dt`; one line per row. */
export function toDatedNdjson(rows: readonly DatedRow[]): string {
  return rows
    .map(
      (row) => `{${[...fields(row), `"${DT_COLUMN.name}":${JSON.stringify(row.dt)}`].join(',')}}\n`,
    )
    .join('');
}
