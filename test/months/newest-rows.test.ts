import { describe, expect, it } from 'vitest';
import type { DatedRow } from '../../functions/core/opsdata-schema.js';
import { byRecency, NewestRows, newestRows } from '../../functions/months/newest-rows.js';
import { reportRow } from '../../tools/harness/report-fixture.js';

/** A row of app 1400000001 on `day`, from the snapshot of run date `dt`. */
const row = (day: string, dt: string, fields: Partial<DatedRow> = {}): DatedRow => ({
  ...reportRow({ stat_date: day }),
  dt,
  ...fields,
});

describe('byRecency', () => {
  it.each([
    [
      'a newer dt, whatever extracted_at says',
      { dt: '2026-11-28', extracted_at: '2026-01-01T00:00:00.000Z' },
      { dt: '2026-11-27', extracted_at: '2026-12-01T00:00:00.000Z' },
    ],
    [
      'the same dt, a later extracted_at',
      { extracted_at: '2026-11-28T02:00:00.001Z' },
      { extracted_at: '2026-11-28T02:00:00.000Z' },
    ],
    [
      'extracted_at compared as an instant, not as text',
      { extracted_at: '2026-11-28T02:00:00.500Z' },
      { extracted_at: '2026-11-28T02:00:00Z' },
    ],
    ['the same dt and extracted_at, a greater run_id', { run_id: 'run-b' }, { run_id: 'run-a' }],
  ])('puts %s first', (_, newer, older) => {
    const a = row('2026-11-20', '2026-11-28', newer);
    const b = row('2026-11-20', '2026-11-28', older);
    expect(byRecency(a, b)).toBeGreaterThan(0);
    expect(byRecency(b, a)).toBeLessThan(0);
  });

  it('is 0 for two versions from the same run', () => {
    expect(byRecency(row('2026-11-20', '2026-11-28'), row('2026-11-20', '2026-11-28'))).toBe(0);
  });
});

describe('newestRows', () => {
  it('keeps, per app and day, the row of the newest snapshot, in whatever order they come', () => {
    const old = [
      row('2026-11-01', '2026-11-10', { active_user_num: 1n }),
      row('2026-11-02', '2026-11-10', { active_user_num: 2n }),
    ];
    const recent = [
      row('2026-11-02', '2026-11-20', { active_user_num: 20n }),
      row('2026-11-03', '2026-11-20', { active_user_num: 30n }),
    ];
    const expected = [old[0], recent[0], recent[1]];
    expect(newestRows(old, recent)).toEqual(expected);
    expect(newestRows(recent, old)).toEqual(expected);
  });

  it('sorts by app (as a number), then by day', () => {
    const rows = [
      row('2026-11-02', '2026-11-20', { app_id: 10n }),
      row('2026-11-01', '2026-11-20', { app_id: 9n }),
      row('2026-11-01', '2026-11-20', { app_id: 10n }),
    ];
    expect(newestRows(rows).map((r) => [r.app_id, r.stat_date])).toEqual([
      [9n, '2026-11-01'],
      [10n, '2026-11-01'],
      [10n, '2026-11-02'],
    ]);
  });

  it('keeps apart two apps on the same day', () => {
    const rows = [
      row('2026-11-01', '2026-11-20', { app_id: 1n }),
      row('2026-11-01', '2026-11-10', { app_id: 2n }),
    ];
    expect(newestRows(rows)).toEqual(rows);
  });

  it('keeps the first of two rows from the same run (a day the API sent twice), also when added again', () => {
    const first = row('2026-11-01', '2026-11-20', { active_user_num: 1n });
    const second = row('2026-11-01', '2026-11-20', { active_user_num: 2n });
    const newest = new NewestRows().add([first, second]);
    expect(newest.rows()).toEqual([first]);
    expect(newest.add([second, first]).rows()).toEqual([first]);
    expect(newest.size).toBe(1);
  });
});
