/**
 * Property-based: whatever the snapshots — run dates in any order, re-runs of a day, days missing
 * or sent twice, counts up to the largest bigint — merging them one run at a time into month
 * objects (read back from their bytes each time, as the run does) gives byte for byte what
 * merging them all at once gives (what `compact` writes), in whichever order the runs come, and
 * merging everything again changes no byte.
 */
import { fc, it } from '@fast-check/vitest';
import { describe, expect, vi } from 'vitest';
import { addDays } from '../../functions/core/dates.js';
import { toDatedNdjson } from '../../functions/core/opsdata-rows.js';
import type { DatedRow } from '../../functions/core/opsdata-schema.js';
import { byMonth, mergedMonthBody, parseMonthObject } from '../../functions/months/month-object.js';
import { NewestRows } from '../../functions/months/newest-rows.js';
import { reportRow } from '../../tools/harness/report-fixture.js';

// Thousands of generated cases: seconds alone, much longer on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const APP = 1400000001;
const BIGINT_MAX = 2n ** 63n - 1n;
const count = fc.oneof(
  fc.bigInt({ min: 0n, max: 1_000n }),
  fc.constantFrom(2n ** 53n + 1n, BIGINT_MAX),
  fc.constant(null),
);

interface Snapshot {
  readonly dt: string;
  readonly rows: readonly DatedRow[];
}

/** A snapshot of run date `dt`: the 30 days before it, some dropped, one maybe sent twice. */
const snapshot = (index: number) =>
  fc
    .record({
      offset: fc.integer({ min: 0, max: 90 }),
      dropped: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 30 }),
      twice: fc.option(fc.integer({ min: 1, max: 30 })),
      counts: fc.array(fc.tuple(count, count), { minLength: 30, maxLength: 30 }),
      name: fc.string({ maxLength: 8 }),
      // Not in step with extracted_at, so that the order of the two is checked.
      runId: fc.string({
        unit: fc.constantFrom(...'0123456789abcdef'),
        minLength: 1,
        maxLength: 4,
      }),
    })
    .map(({ offset, dropped, twice, counts, name, runId }): Snapshot => {
      const dt = addDays('2026-10-15', offset);
      const days = Array.from({ length: 30 }, (_, i) => 30 - i).filter((d) => !dropped.includes(d));
      if (twice !== null && days.includes(twice)) days.push(twice);
      const rows = days.map((back, i) => ({
        ...reportRow({
          stat_date: addDays(dt, -back),
          app_id: BigInt(APP),
          app_name: name,
          active_user_num: counts[back - 1]?.[0] ?? null,
          up_msg_num: i === days.length - 1 ? 7n : (counts[back - 1]?.[1] ?? null),
          // Distinct per run, so that two runs of one dt (a re-run) are ordered by extracted_at.
          extracted_at: new Date(Date.parse(`${dt}T02:00:00Z`) + index).toISOString(),
          run_id: runId,
        }),
        dt,
      }));
      return { dt, rows };
    });

const runs = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => snapshot(i))))
  .chain((list) =>
    fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
  );

/** What the daily runs leave: each run merges into the month objects as they are on disk. */
function runOneAtATime(order: readonly Snapshot[]): Map<string, string> {
  const bodies = new Map<string, string>();
  for (const run of order) {
    for (const [month, rows] of byMonth(run.rows)) {
      const where = `days/getappinfo/month=${month}/${APP}.json`;
      const current = parseMonthObject(bodies.get(month) ?? '', where, { sdkAppId: APP, month });
      bodies.set(month, mergedMonthBody(current, rows));
    }
  }
  return bodies;
}

/** What compact writes: every snapshot merged at once, split by month. */
function allAtOnce(snapshots: readonly Snapshot[]): Map<string, string> {
  const newest = new NewestRows();
  for (const run of snapshots) newest.add(run.rows);
  return new Map([...byMonth(newest.rows())].map(([m, rows]) => [m, toDatedNdjson(rows)]));
}

describe('the month merge', () => {
  it.prop([runs], { numRuns: 150 })(
    'gives the same bytes one run at a time, in any order, as all at once; again changes nothing',
    ([chronological, shuffled]) => {
      const compacted = allAtOnce(chronological);
      expect(runOneAtATime(chronological)).toEqual(compacted);
      expect(runOneAtATime(shuffled)).toEqual(compacted);
      for (const [month, body] of compacted) {
        const where = `days/getappinfo/month=${month}/${APP}.json`;
        const again = mergedMonthBody(
          parseMonthObject(body, where, { sdkAppId: APP, month }),
          chronological.flatMap((run) => run.rows).filter((r) => r.stat_date.startsWith(month)),
        );
        expect(again).toBe(body);
      }
    },
  );

  it.prop([runs], { numRuns: 100 })(
    'keeps every day any snapshot holds, from the newest snapshot that holds it',
    ([chronological]) => {
      const compacted = allAtOnce(chronological);
      const lines = [...compacted.values()].join('').trimEnd().split('\n');
      const days = new Set(chronological.flatMap((run) => run.rows.map((r) => r.stat_date)));
      expect(lines).toHaveLength(days.size);
      for (const line of lines) {
        const { stat_date: day, dt, extracted_at: at } = JSON.parse(line) as Record<string, string>;
        const holders = chronological.filter((run) => run.rows.some((r) => r.stat_date === day));
        const newestDt = holders
          .map((run) => run.dt)
          .sort()
          .at(-1);
        expect(dt).toBe(newestDt);
        // Among runs of that dt (a re-run of the day), the latest one wins.
        const times = holders
          .filter((run) => run.dt === newestDt)
          .map((run) => run.rows[0]?.extracted_at ?? '');
        expect(at).toBe(times.sort().at(-1));
      }
    },
  );
});
