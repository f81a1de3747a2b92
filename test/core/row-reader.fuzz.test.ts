/**
 * Property-based: whatever rows the pipeline writes — counts from 0 to the largest bigint, many of
 * them past 2^53 where `JSON.parse` rounds, any names, unknown fields kept in `extra` — the report
 * reads back the same rows, every digit of every count included.
 */
import { fc, it } from '@fast-check/vitest';
import { describe, expect, vi } from 'vitest';
import { toNdjson } from '../../functions/core/opsdata-rows.js';
import {
  COUNT_FIELDS,
  type CountColumn,
  type OpsdataRow,
} from '../../functions/core/opsdata-schema.js';
import { parseSnapshotNdjson } from '../../functions/core/row-reader.js';

// Thousands of generated cases: seconds alone, much longer on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const ROW_SETS = 2_000;
const BIGINT_MAX = 2n ** 63n - 1n;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

const count = fc.oneof(
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 100_000n }) },
  { weight: 2, arbitrary: fc.bigInt({ min: SAFE_MAX - 2n, max: BIGINT_MAX }) },
  { weight: 1, arbitrary: fc.constantFrom(SAFE_MAX, SAFE_MAX + 1n, SAFE_MAX + 2n, BIGINT_MAX) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const text = fc.string({ unit: 'binary', maxLength: 20 });

const row: fc.Arbitrary<OpsdataRow> = fc
  .record({
    appId: fc.bigInt({ min: 1n, max: BIGINT_MAX }),
    apiAppId: fc.option(fc.bigInt({ min: 0n, max: BIGINT_MAX })),
    counts: fc.tuple(...COUNT_FIELDS.map(() => count)),
    name: fc.option(text),
    invalid: fc.uniqueArray(fc.constantFrom(...COUNT_FIELDS.map((f) => f.apiField))),
    extra: fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z]{0,11}$/), text, { maxKeys: 3 }),
  })
  .map(({ appId, apiAppId, counts, name, invalid, extra }) => ({
    ...(Object.fromEntries(COUNT_FIELDS.map((f, i) => [f.column, counts[i]])) as Record<
      CountColumn,
      bigint | null
    >),
    app_id: appId,
    app_name: name,
    company: null,
    api_app_id: apiAppId,
    stat_date: '2026-11-27',
    invalid_fields: invalid,
    extra,
    extracted_at: '2026-11-28T02:30:00.000Z',
    run_id: 'fuzz',
    schema_version: 1,
  }));

describe('parseSnapshotNdjson', () => {
  it.prop([fc.array(row, { minLength: 1, maxLength: 5 })], { numRuns: ROW_SETS })(
    `reads back every row the pipeline writes, every digit past 2^53 included (${ROW_SETS.toLocaleString('en-US')} row sets)`,
    (rows) => {
      expect(parseSnapshotNdjson(toNdjson(rows), 'fuzz')).toEqual(rows);
    },
  );
});
