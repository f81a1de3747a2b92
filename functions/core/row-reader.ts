/**
 * Reads a snapshot object's NDJSON back into rows, keeping every digit of the bigint columns.
 * Checked column by column against the schema: a line the pipeline could not have written is an
 * error naming the object and the line, never a silently wrong chart.
 */

import { isCalendarDate } from './dates.js';
import { SnapshotFormatError } from './errors.js';
import { isObject } from './json.js';
import {
  COLUMNS,
  type ColumnType,
  type DatedRow,
  DT_COLUMN,
  type OpsdataRow,
} from './opsdata-schema.js';

/** Columns every row has a value for; the others may be `null` or absent (an older schema). */
const REQUIRED = new Set<string>([
  'app_id',
  'stat_date',
  'extracted_at',
  'run_id',
  'schema_version',
  DT_COLUMN.name,
]);

type ReadColumn = { readonly name: string; readonly type: ColumnType };
/** A month object's line: the snapshot columns, then the run date they came from. */
const DATED_COLUMNS: readonly ReadColumn[] = [...COLUMNS, DT_COLUMN];

const DIGITS = /^(0|[1-9]\d*)$/;

const EMPTY: Partial<Record<ColumnType, unknown>> = {
  'array<string>': [],
  'map<string,string>': {},
};

/** Whether `value` is a string that passes `test`. */
const isText = (value: unknown, test: (text: string) => boolean) =>
  typeof value === 'string' && test(value);

/** Why `value` does not fit a column of `type`, or undefined when it fits. */
function problemOf(type: ColumnType, value: unknown): string | undefined {
  switch (type) {
    case 'bigint':
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : 'not an integer';
    case 'int':
      return Number.isSafeInteger(value) ? undefined : 'not an integer';
    case 'string':
      return typeof value === 'string' ? undefined : 'not a string';
    case 'date':
      return isText(value, isCalendarDate) ? undefined : 'not a date written YYYY-MM-DD';
    case 'timestamp':
      return isText(value, (text) => !Number.isNaN(Date.parse(text)))
        ? undefined
        : 'not an ISO 8601 timestamp';
    case 'array<string>':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? undefined
        : 'not an array of strings';
    case 'map<string,string>':
      return isObject(value) && Object.values(value).every((v) => typeof v === 'string')
        ? undefined
        : 'not an object of strings';
  }
}

/** What the reviver gets beside a primitive value: its text as written (Node ≥ 21). */
interface ReviverContext {
  readonly source?: string;
}

/**
 * The JSON object in `text` with each number as the text it is written with: `JSON.parse` rounds
 * an integer past 2^53, but its reviver sees the digits as written.
 */
function withNumberSources(text: string): Record<string, unknown> {
  return JSON.parse(text, (_key: string, value: unknown, { source }: ReviverContext = {}) =>
    typeof value === 'number' ? source : value,
  );
}

/**
 * One line to a row. `JSON.parse` without a reviver does the reading (a reviver called for every
 * value is several times slower); only a line with an integer past 2^53, which it rounds, is read
 * again, with the reviver, for that integer's digits.
 */
function parseLine(text: string, columns: readonly ReadColumn[]): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new Error(`not JSON (${(cause as Error).message})`);
  }
  if (!isObject(doc)) throw new Error('not a JSON object');
  let sources: Record<string, unknown> | undefined;
  const row: Record<string, unknown> = {};
  for (const { name, type } of columns) {
    let value = doc[name] ?? null;
    if (value === null) {
      if (REQUIRED.has(name)) throw new Error(`${name} is ${name in doc ? 'null' : 'missing'}`);
      row[name] = EMPTY[type] ?? null;
      continue;
    }
    const problem = problemOf(type, value);
    if (problem !== undefined)
      throw new Error(`${name} is ${shown(JSON.stringify(value))}: ${problem}`);
    if (type === 'bigint') {
      if (Number.isSafeInteger(value)) value = BigInt(value as number);
      else {
        sources ??= withNumberSources(text);
        const digits = String(sources[name]);
        if (!DIGITS.test(digits)) throw new Error(`${name} is ${shown(digits)}: not an integer`);
        value = BigInt(digits);
      }
    }
    row[name] = value;
  }
  return row;
}

const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * Parses one snapshot object's NDJSON (blank lines are allowed; unknown keys are ignored).
 * @throws SnapshotFormatError naming `location` and the line.
 */
export function parseSnapshotNdjson(text: string, location: string): OpsdataRow[] {
  return parseNdjson(text, location, COLUMNS) as unknown as OpsdataRow[];
}

/**
 * Parses one month object's NDJSON: the snapshot columns and `dt` on every line.
 * @throws SnapshotFormatError naming `location` and the line.
 */
export function parseDatedNdjson(text: string, location: string): DatedRow[] {
  return parseNdjson(text, location, DATED_COLUMNS) as unknown as DatedRow[];
}

function parseNdjson(
  text: string,
  location: string,
  columns: readonly ReadColumn[],
): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      rows.push(parseLine(line, columns));
    } catch (cause) {
      throw new SnapshotFormatError(`${location} line ${i + 1}: ${(cause as Error).message}`, {
        location,
        line: i + 1,
        cause,
      });
    }
  }
  return rows;
}
