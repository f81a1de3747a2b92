import { describe, expect, it } from 'vitest';
import { dayRange } from '../../functions/core/dates.js';
import { appHistories, MAX_SPAN_DAYS, shownRange } from '../../functions/report/app-history.js';
import { latestRows, type SnapshotRows } from '../../functions/report/read/merge-rows.js';
import { reportRow } from '../../tools/harness/report-fixture.js';

const snapshot = (dt: string, rows: SnapshotRows['rows']): SnapshotRows => ({
  dt,
  location: `getappinfo/dt=${dt}/x.json`,
  rows,
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

describe('appHistories: an absurd calendar span', () => {
  it('lays out at most ten years, the newest, and says what it left out', () => {
    const merged = latestRows([
      snapshot('2026-11-28', [
        reportRow({ stat_date: '0001-01-01' }),
        reportRow({ stat_date: '2016-11-26' }),
        reportRow({ stat_date: '2016-11-27' }),
        reportRow({ stat_date: '2026-11-27' }),
      ]),
    ]);
    const [app] = appHistories(merged);
    expect(MAX_SPAN_DAYS).toBe(3_653);
    // The 3,653 days up to 2026-11-27 (ten years with two leap days, and one more) start on
    // 2016-11-27: 2016-11-26 and 0001-01-01 are left out.
    expect(app?.days[0]).toBe('2016-11-27');
    expect(app?.days).toHaveLength(3_653);
    expect(app?.leftOut).toEqual({ oldest: '0001-01-01', days: 2 });
    expect(app?.allRows).toHaveLength(4);
  });

  it('leaves a span of exactly ten years whole', () => {
    const merged = latestRows([
      snapshot('2026-11-28', [
        reportRow({ stat_date: '2016-11-27' }),
        reportRow({ stat_date: '2026-11-27' }),
      ]),
    ]);
    const [app] = appHistories(merged);
    expect(app?.days).toHaveLength(3_653);
    expect(app?.leftOut).toBeUndefined();
  });
});
