/**
 * Property-based: any set of rows — days in any order, repeated or missing, counts from 0 to the
 * largest bigint or null, any rule settings — goes through the digest, its text forms and the
 * e-mail without a throw, and no number in them is NaN or Infinity.
 */

import { fc, it } from '@fast-check/vitest';
import { describe, expect, vi } from 'vitest';
import { addDays } from '../../functions/core/dates.js';
import {
  COUNT_FIELDS,
  type CountColumn,
  type OpsdataRow,
} from '../../functions/core/opsdata-schema.js';
import { parseRuleSettings, RULE_IDS } from '../../functions/digest/anomaly-rules.js';
import { digestOf } from '../../functions/digest/digest.js';
import { digestMail } from '../../functions/digest/digest-mail.js';
import { digestLines, digestTable } from '../../functions/digest/digest-text.js';

// Thousands of generated cases: seconds alone, much longer on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const ROW_SETS = 2_000;
const BIGINT_MAX = 2n ** 63n - 1n;
const RUN_DATE = '2026-11-28';

const count = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: 100_000n }) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, BIGINT_MAX, BIGINT_MAX - 1n, 2n ** 53n + 1n) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: BIGINT_MAX }) },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** A row for a day up to 40 days before the run date, every count drawn from `count`. */
const row: fc.Arbitrary<OpsdataRow> = fc
  .record({
    offset: fc.integer({ min: -40, max: 0 }),
    counts: fc.tuple(...COUNT_FIELDS.map(() => count)),
    name: fc.option(fc.string({ unit: 'binary', maxLength: 20 })),
  })
  .map(({ offset, counts, name }) => ({
    ...(Object.fromEntries(COUNT_FIELDS.map((f, i) => [f.column, counts[i]])) as Record<
      CountColumn,
      bigint | null
    >),
    app_id: 1400000000n,
    app_name: name,
    company: null,
    api_app_id: null,
    stat_date: addDays(RUN_DATE, offset),
    invalid_fields: [],
    extra: {},
    extracted_at: '2026-11-28T02:30:00.000Z',
    run_id: 'fuzz',
    schema_version: 1,
  }));

const settings = fc
  .record(
    Object.fromEntries(
      RULE_IDS.map((rule) => [
        rule,
        fc.record(
          {
            enabled: fc.boolean(),
            threshold: fc.double({ min: 0.001, max: 1000, noNaN: true }),
            minBaseline: fc.nat(1000),
            minRequests: fc.nat(1000),
          },
          { requiredKeys: [] },
        ),
      ]),
    ),
    { requiredKeys: [] },
  )
  .map((overrides) => {
    // Each rule takes only its own settings; drop the ones it does not have.
    const own: Record<string, readonly string[]> = {
      callback_failures: ['enabled', 'threshold', 'minRequests'],
      data_late: ['enabled'],
    };
    return parseRuleSettings(
      Object.fromEntries(
        Object.entries(overrides).map(([rule, params]) => [
          rule,
          Object.fromEntries(
            Object.entries(params as Record<string, unknown>).filter(([name]) =>
              (own[rule] ?? ['enabled', 'threshold', 'minBaseline']).includes(name),
            ),
          ),
        ]),
      ),
    );
  });

/** Every number anywhere in `value`. */
function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbers);
  return [];
}

describe('digest fuzz', () => {
  it.prop([fc.array(row, { maxLength: 45 }), settings], { numRuns: ROW_SETS })(
    'digests 2,000 generated row sets with no throw and no NaN or Infinity',
    (rows, rules) => {
      const digest = digestOf(rows, { runDate: RUN_DATE, rules });
      const found = numbers(digest);
      expect(found.filter((n) => !Number.isFinite(n))).toEqual([]);
      expect(digest.day).toBe(
        rows
          .map((r) => r.stat_date)
          .sort()
          .at(-1) ?? null,
      );
      for (const anomaly of digest.anomalies) {
        expect(anomaly.message).not.toMatch(/NaN|Infinity|undefined/);
        expect(RULE_IDS).toContain(anomaly.rule);
      }
      const text = [...digestLines(digest, 91), ...digestTable(digest)].join('\n');
      expect(text).not.toMatch(/NaN|Infinity|undefined/);
      const mail = digestMail({
        runId: 'fuzz',
        dt: RUN_DATE,
        ok: true,
        skipped: [],
        notWritten: [],
        apps: [
          {
            sdkAppId: 1400000000,
            ok: true,
            appName: rows[0]?.app_name ?? null,
            company: null,
            rows: rows.length,
            written: [],
            attempts: 1,
            latencyMs: 1,
            elapsedMs: 1,
            digest,
          },
        ],
      });
      expect(mail.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
      expect(mail.message).not.toMatch(/NaN|Infinity|undefined/);
    },
  );
});
