import { describe, expect, it } from 'vitest';
import { latestRows, type SnapshotRows } from '../../../functions/report/read/merge-rows.js';
import { reportRow } from '../../../tools/harness/report-fixture.js';

const snapshot = (dt: string, rows: SnapshotRows['rows']): SnapshotRows => ({
  dt,
  location: `getappinfo/dt=${dt}/x.json`,
  rows,
});

/** The active users of each merged row, as `day=value`. */
const active = (rows: ReturnType<typeof latestRows>) =>
  rows.map((r) => `${r.app_id}/${r.stat_date}=${r.active_user_num}`);

describe('latestRows', () => {
  it('keeps, for each app and day, the row of the newest dt, whatever the reading order', () => {
    const older = snapshot('2026-11-27', [
      reportRow({ stat_date: '2026-11-25', active_user_num: 1n }),
      reportRow({ stat_date: '2026-11-26', active_user_num: 1n }),
    ]);
    const newer = snapshot('2026-11-28', [
      reportRow({ stat_date: '2026-11-26', active_user_num: 2n }),
      reportRow({ stat_date: '2026-11-27', active_user_num: 2n }),
    ]);
    const expected = [
      '1400000001/2026-11-25=1',
      '1400000001/2026-11-26=2',
      '1400000001/2026-11-27=2',
    ];
    expect(active(latestRows([older, newer]))).toEqual(expected);
    expect(active(latestRows([newer, older]))).toEqual(expected);
  });

  it('breaks a tie of dt by the newest extracted_at, then the greatest run_id', () => {
    const at = (extracted: string, runId: string, value: bigint) =>
      snapshot('2026-11-28', [
        reportRow({
          stat_date: '2026-11-27',
          extracted_at: extracted,
          run_id: runId,
          active_user_num: value,
        }),
      ]);
    const early = at('2026-11-28T01:00:00.000Z', 'z', 1n);
    const late = at('2026-11-28T09:00:00.000Z', 'a', 2n);
    const lateB = at('2026-11-28T09:00:00.000Z', 'b', 3n);
    expect(active(latestRows([late, early]))).toEqual(['1400000001/2026-11-27=2']);
    expect(active(latestRows([early, late]))).toEqual(['1400000001/2026-11-27=2']);
    expect(active(latestRows([lateB, late, early]))).toEqual(['1400000001/2026-11-27=3']);
    expect(active(latestRows([late, lateB]))).toEqual(['1400000001/2026-11-27=3']);
  });

  it('a newer dt wins even with an older extracted_at (dt comes first, as in the view)', () => {
    const rerun = snapshot('2026-11-27', [
      reportRow({
        stat_date: '2026-11-20',
        extracted_at: '2026-12-01T00:00:00.000Z',
        active_user_num: 1n,
      }),
    ]);
    const newer = snapshot('2026-11-28', [
      reportRow({
        stat_date: '2026-11-20',
        extracted_at: '2026-11-28T00:00:00.000Z',
        active_user_num: 2n,
      }),
    ]);
    expect(active(latestRows([rerun, newer]))).toEqual(['1400000001/2026-11-20=2']);
  });

  it('keeps apps apart and orders by app, then day', () => {
    const rows = latestRows([
      snapshot('2026-11-28', [
        reportRow({ app_id: 1400000002n, stat_date: '2026-11-27', active_user_num: 5n }),
        reportRow({ app_id: 1400000001n, stat_date: '2026-11-27', active_user_num: 6n }),
        reportRow({ app_id: 1400000001n, stat_date: '2026-11-26', active_user_num: 7n }),
      ]),
    ]);
    expect(active(rows)).toEqual([
      '1400000001/2026-11-26=7',
      '1400000001/2026-11-27=6',
      '1400000002/2026-11-27=5',
    ]);
  });
});
