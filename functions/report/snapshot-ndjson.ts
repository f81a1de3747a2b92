/**
 * Reads a snapshot object's NDJSON back into rows, keeping every digit of the bigint columns.
 * Checked column by column against the schema: a line the pipeline could not have written is an
 * error naming the object and the line, never a silently wrong chart.
 */
import { isCalendarDate } from '../lib/checks.js';
import { COLUMNS, type ColumnType, type OpsdataRow } from '../lib/opsdata-schema.js';
import { SnapshotFormatError } from './errors.js';
import { jsonFields } from './json-fields.js';

/** Columns every row has a value for; the others may be `null` or absent (an older schema). */
const REQUIRED = new Set<string>([
  'app_id',
  'stat_date',
  'extracted_at',
  'run_id',
  'schema_version',
]);

const DIGITS = /^(0|[1-9]\d*)$/;

/** A column's value from its JSON source text, or a problem description. */
function columnValue(type: ColumnType, source: string): { value: unknown } | { problem: string } {
  if (source === 'null') return { value: null };
  if (type === 'bigint') {
    return DIGITS.test(source) ? { value: BigInt(source) } : { problem: 'not an integer' };
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return { problem: 'not valid JSON' };
  }
  switch (type) {
    case 'int':
      return Number.isSafeInteger(value) ? { value } : { problem: 'not an integer' };
    case 'string':
      return typeof value === 'string' ? { value } : { problem: 'not a string' };
    case 'date':
      return typeof value === 'string' && isCalendarDate(value)
        ? { value }
        : { problem: 'not a date written YYYY-MM-DD' };
    case 'timestamp':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? { value }
        : { problem: 'not an ISO 8601 timestamp' };
    case 'array<string>':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? { value }
        : { problem: 'not an array of strings' };
    case 'map<string,string>':
      return typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.values(value as object).every((v) => typeof v === 'string')
        ? { value }
        : { problem: 'not an object of strings' };
  }
}

const EMPTY: Partial<Record<ColumnType, unknown>> = {
  'array<string>': [],
  'map<string,string>': {},
};

function parseLine(text: string): OpsdataRow {
  const fields = jsonFields(text);
  const row: Record<string, unknown> = {};
  for (const { name, type } of COLUMNS) {
    const source = fields.get(name);
    const result = source === undefined ? { value: null } : columnValue(type, source);
    if ('problem' in result) {
      const shown = source !== undefined && source.length > 40 ? `${source.slice(0, 40)}…` : source;
      throw new Error(`${name} is ${shown}: ${result.problem}`);
    }
    if (result.value === null && REQUIRED.has(name)) {
      throw new Error(`${name} is ${source === undefined ? 'missing' : 'null'}`);
    }
    row[name] = result.value ?? EMPTY[type] ?? null;
  }
  return row as unknown as OpsdataRow;
}

/**
 * Parses one snapshot object's NDJSON (blank lines are allowed; unknown keys are ignored).
 * @throws SnapshotFormatError naming `location` and the line.
 */
export function parseSnapshotNdjson(text: string, location: string): OpsdataRow[] {
  const rows: OpsdataRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    try {
      rows.push(parseLine(line));
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
