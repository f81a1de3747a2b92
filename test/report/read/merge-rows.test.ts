import { describe, expect, it } from 'vitest';
import { appHistories, dayRange, shownRange } from '../../../functions/report/app-history.js';
import { digestWindow } from '../../../functions/report/build-report.js';
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

describe('appHistories', () => {
  const merged = latestRows([
    snapshot('2026-11-28', [
      reportRow({ stat_date: '2026-11-20', active_user_num: 20n, app_name: 'Old name' }),
      reportRow({ stat_date: '2026-11-23', active_user_num: 23n }),
      reportRow({ stat_date: '2026-11-27', active_user_num: 27n, app_name: 'New name' }),
      reportRow({ app_id: 1400000002n, stat_date: '2026-11-10', app_name: null, company: null }),
    ]),
  ]);

  it('lays out every day from the first to the last, a missing day as null (a gap, not 0)', () => {
    const [app] = appHistories(merged);
    expect(app?.days).toEqual(dayRange('2026-11-20', '2026-11-27'));
    expect(app?.rows.map((r) => r?.active_user_num ?? null)).toEqual([
      20n,
      null,
      null,
      23n,
      null,
      null,
      null,
      27n,
    ]);
  });

  it('names the app from its newest row that has a name', () => {
    const [first, second] = appHistories(merged);
    expect(first).toMatchObject({
      appId: 1400000001n,
      appName: 'New name',
      company: 'Example Corp',
    });
    expect(second).toMatchObject({ appId: 1400000002n, appName: null, company: null });
  });

  it('with days, shows only the last days up to the newest day of any app', () => {
    const [first, second] = appHistories(merged, { days: 5 });
    expect(first?.days).toEqual(dayRange('2026-11-23', '2026-11-27'));
    expect(first?.rows.map((r) => r?.active_user_num ?? null)).toEqual([
      23n,
      null,
      null,
      null,
      27n,
    ]);
    expect(first?.allRows).toHaveLength(3);
    // An app whose data stopped before the range: no days shown, its history still there.
    expect(second?.days).toEqual([]);
    expect(second?.allRows).toHaveLength(1);
  });

  it('days: 1 shows the newest day only', () => {
    expect(shownRange(merged, 1)).toEqual({ from: '2026-11-27', to: '2026-11-27' });
    expect(shownRange(merged, undefined)).toEqual({ from: undefined, to: '2026-11-27' });
    expect(shownRange([], 3)).toEqual({ from: undefined, to: undefined });
  });
});

describe('digestWindow', () => {
  it('gives the digest the 30 days up to the app’s newest day, as one run sees them', () => {
    const rows = dayRange('2026-01-01', '2026-03-01').map((day) => reportRow({ stat_date: day }));
    const window = digestWindow(rows);
    expect(window[0]?.stat_date).toBe('2026-01-31');
    expect(window.at(-1)?.stat_date).toBe('2026-03-01');
    expect(window).toHaveLength(30);
    expect(digestWindow([])).toEqual([]);
  });
});
