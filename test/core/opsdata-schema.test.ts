import { describe, expect, it } from 'vitest';
import { COLUMNS, COUNT_FIELDS } from '../../functions/core/opsdata-schema.js';

describe('COLUMNS', () => {
  // The types DESIGN.md states for the row ("Row" in the contract); Athena reads the NDJSON with them.
  it.each([
    ['app_id', 'bigint'],
    ['app_name', 'string'],
    ['company', 'string'],
    ['api_app_id', 'bigint'],
    ['stat_date', 'date'],
    ['invalid_fields', 'array<string>'],
    ['extra', 'map<string,string>'],
    ['extracted_at', 'timestamp'],
    ['run_id', 'string'],
    ['schema_version', 'int'],
  ])('declares %s as %s', (name, type) => {
    expect(COLUMNS.find((c) => c.name === name)?.type).toBe(type);
  });

  it('declares every count column as bigint, after the descriptive columns', () => {
    const counts = COLUMNS.slice(5, 5 + COUNT_FIELDS.length);
    expect(counts.map((c) => c.name)).toEqual(COUNT_FIELDS.map((f) => f.column));
    expect(new Set(counts.map((c) => c.type))).toEqual(new Set(['bigint']));
  });

  it('describes every column, for the Glue table and the column table in docs/query.md', () => {
    for (const column of COLUMNS) expect(column.comment.trim(), column.name).not.toBe('');
    expect(new Set(COLUMNS.map((c) => c.comment)).size).toBe(COLUMNS.length);
  });
});
