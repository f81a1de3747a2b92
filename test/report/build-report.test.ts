import { describe, expect, it } from 'vitest';
import { dayRange } from '../../functions/core/dates.js';
import { digestWindow } from '../../functions/report/build-report.js';
import { reportRow } from '../../tools/harness/report-fixture.js';

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
