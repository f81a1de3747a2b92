import { describe, expect, it } from 'vitest';
import type { Digest, DigestMetric } from '../../functions/digest/digest.js';
import {
  digestLines,
  digestTable,
  formatChange,
  formatMetricChange,
  formatPoints,
  formatValue,
} from '../../functions/digest/digest-text.js';

const metric = (
  id: DigestMetric['id'],
  label: string,
  value: number | null,
  changePct: number | null,
  unit: DigestMetric['unit'] = 'count',
): DigestMetric => ({
  id,
  label,
  unit,
  value,
  dayBefore: null,
  weekAgo: null,
  median7: null,
  changePct,
  // A rate's change is in points: the helper's change stands for those.
  changePoints: unit === 'percent' ? changePct : null,
});

const DIGEST: Digest = {
  day: '2026-11-27',
  metrics: [
    {
      ...metric('active_users', 'Active users', 3428, 8),
      dayBefore: 3108,
      weekAgo: 3173,
      median7: 3210.5,
    },
    metric('login_users', 'Login users', 2919, -1.25),
    metric('messages_up', 'Messages up', 24047, -29.6),
    metric('messages_down', 'Messages down', 79804, 0),
    metric('peak_online', 'Peak online', null, null),
    metric('new_registrations', 'New registrations', 110, null),
    metric('total_registrations', 'Registered users', 281712, 0.2),
    metric('callback_success_rate', 'Callback success', 99.7, 0.1, 'percent'),
  ],
  anomalies: [],
  recent: [],
};

describe('number formatting', () => {
  it.each([
    [8, '+8.0 %'],
    [-29.6, '−29.6 %'],
    [0, '±0.0 %'],
    [null, 'n/a'],
  ])('change %s reads %s', (pct, text) => {
    expect(formatChange(pct)).toBe(text);
  });

  it('groups thousands and shows percentages with one decimal', () => {
    expect(formatValue(281712, 'count')).toBe('281,712');
    expect(formatValue(99.72, 'percent')).toBe('99.72 %');
    expect(formatValue(97.25, 'percent')).toBe('97.3 %');
    expect(formatValue(100, 'percent')).toBe('100.0 %');
    expect(formatValue(99, 'percent')).toBe('99.00 %');
    expect(formatValue(98.99, 'percent')).toBe('99.0 %');
    expect(formatValue(null, 'count')).toBe('–');
  });
});

describe('formatPoints and formatMetricChange', () => {
  it.each([
    [-0.26, '−0.26 pp'],
    [0.1, '+0.10 pp'],
    [0, '±0.00 pp'],
    [null, 'n/a'],
  ])('a rate change of %s points reads %s', (points, text) => {
    expect(formatPoints(points)).toBe(text);
  });

  it("shows a rate's change in points and a count's in percent", () => {
    const [active] = DIGEST.metrics;
    const rate = DIGEST.metrics.find((m) => m.id === 'callback_success_rate');
    expect(active && formatMetricChange(active)).toBe('+8.0 %');
    expect(rate && formatMetricChange({ ...rate, changePct: -0.3, changePoints: -0.26 })).toBe(
      '−0.26 pp',
    );
  });
});

describe('digestLines', () => {
  it("gives the day's figures with their change against the same weekday a week earlier, skipping missing ones", () => {
    expect(digestLines(DIGEST)).toEqual([
      'Fri 11-27 vs Fri 11-20: active 3,428 +8.0% · login 2,919 −1.3% · up 24,047 −29.6% · down 79,804 ±0.0% · new 110 n/a · callbacks 99.70% +0.10 pp',
    ]);
  });

  it('breaks between figures to fit the columns, each broken line ending with "·"', () => {
    const lines = digestLines(DIGEST, 91);
    expect(lines).toEqual([
      'Fri 11-27 vs Fri 11-20: active 3,428 +8.0% · login 2,919 −1.3% · up 24,047 −29.6% ·',
      '  down 79,804 ±0.0% · new 110 n/a · callbacks 99.70% +0.10 pp',
    ]);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(91);
  });

  it('names peak online "peak" and leaves out the registered-users total', () => {
    const line = digestLines({
      ...DIGEST,
      metrics: DIGEST.metrics.map((m) =>
        m.id === 'peak_online' ? { ...m, value: 257, changePct: -8.5 } : m,
      ),
    }).join('\n');
    expect(line).toContain(' · peak 257 −8.5% · ');
    expect(line).not.toContain('281,712');
  });

  it('says when there are no days', () => {
    expect(digestLines({ ...DIGEST, day: null })).toEqual(['no days in this snapshot']);
  });

  it('says when the day holds none of the key figures but the registered-users total', () => {
    const bare = DIGEST.metrics.map((m) =>
      m.id === 'total_registrations'
        ? m
        : { ...m, value: null, changePct: null, changePoints: null },
    );
    expect(digestLines({ ...DIGEST, metrics: bare })).toEqual([
      'Fri 11-27 vs Fri 11-20: no key figures',
    ]);
  });
});

describe('digestTable', () => {
  it('lines up the day, the day before, the week-earlier day, the median and the change', () => {
    const [header, active] = digestTable(DIGEST);
    // Columns: label (17 = "New registrations"), values right-aligned to their widest cell.
    expect(header).toBe(
      `${' '.repeat(17)}      day  day before  week earlier  7-day median    change`,
    );
    expect(active).toBe(
      `Active users${' '.repeat(5)}    3,428       3,108         3,173         3,211    +8.0 %`,
    );
  });
});

describe('digestTable rows', () => {
  it('shows a missing median as a dash and rounds a median to the nearest whole count', () => {
    const rows = digestTable(DIGEST);
    expect(rows[1]?.endsWith('3,211    +8.0 %')).toBe(true);
    expect(rows[2]).toMatch(/^Login users\s+2,919\s+–\s+–\s+–\s+−1\.3 %$/);
  });
});

describe('digestTable and the report round alike', () => {
  it('shows a rate median with two decimals near 100, rounded once (99.68, not 99.70)', () => {
    const rate = {
      ...(DIGEST.metrics.at(-1) as DigestMetric),
      value: 99.65,
      weekAgo: 99.73,
      median7: 99.68,
      changePoints: -0.08,
    };
    const row = digestTable({ ...DIGEST, metrics: [rate] })[1] ?? '';
    expect(row).toMatch(/^Callback success\s+99\.65 %\s+–\s+99\.73 %\s+99\.68 %\s+−0\.08 pp$/);
  });
});
