import { describe, expect, it } from 'vitest';
import { addDays, dayRange } from '../../../functions/core/dates.js';
import {
  compactNumber,
  dayTicks,
  gapSpans,
  lineChartSvg,
  percentAxis,
} from '../../../functions/report/render/chart-svg.js';

const DAYS = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28'];

describe('lineChartSvg', () => {
  const svg = lineChartSvg(
    {
      days: DAYS,
      unit: 'count',
      fromZero: true,
      missing: [false, true, false, false, false],
      series: [
        { name: '</text><script>alert(1)</script>', color: '#2563eb', values: [1, null, 3, 4, 5] },
        { name: 'B', color: '#ea580c', values: [2, null, 2, null, 2] },
      ],
    },
    'c7',
  );

  it('is SVG with no script and no reference outside itself', () => {
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).not.toMatch(/<script|<foreignObject|<image|href=|@import|url\((?!#c7-)/i);
  });

  it('escapes the text ECharts writes (the legend)', () => {
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('breaks the line at a null and dots a value between two nulls', () => {
    const lines = [...svg.matchAll(/<path d="(M[^"]+)"[^>]*stroke-width="2" stroke-linejoin/g)].map(
      (m) => m[1] ?? '',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]?.match(/M/g)).toHaveLength(2); // [1] and [3, 4, 5]
    expect(lines[1]?.match(/M/g)).toHaveLength(3); // three lone points
    // The lone middle value of B gets a dot; values at the ends of a run do not.
    expect(svg.match(/ecmeta_series_index="1" ecmeta_data_index="2"/g)).toHaveLength(1);
  });

  it('uses the given id for its clip path instead of ECharts’ instance counter', () => {
    expect(svg).toContain('<clipPath id="c7-c0">');
    expect(svg).not.toMatch(/zr\d+-/);
  });
});

describe('gapSpans', () => {
  it.each([
    [[false, false, false, false, false], []],
    [[false, true, false, false, false], [['2026-11-24', '2026-11-26']]],
    [[false, true, true, false, false], [['2026-11-24', '2026-11-27']]],
    [
      [false, true, false, true, false],
      [
        ['2026-11-24', '2026-11-26'],
        ['2026-11-26', '2026-11-28'],
      ],
    ],
  ])('%j → %j', (missing, spans) => {
    expect(gapSpans(DAYS, missing)).toEqual(spans);
  });
});

describe('compactNumber', () => {
  it.each([
    [0, '0'],
    [950, '950'],
    [99.5, '99.5'],
    [1000, '1k'],
    [1200, '1.2k'],
    [194500, '194.5k'],
    [5_600_000, '5.6M'],
    [1_234_567_890, '1.23B'],
    [2e12, '2T'],
  ])('%d → %s', (value, text) => {
    expect(compactNumber(value)).toBe(text);
  });
});

describe('dayTicks', () => {
  const range = (first: string, count: number) => dayRange(first, addDays(first, count - 1));

  it.each([
    [7, 1],
    [14, 2],
    [30, 7],
    [60, 14],
    [92, 14],
  ])('labels %d days every %d days as MM-DD, the newest day included', (count, step) => {
    const days = range('2026-08-28', count);
    const ticks = dayTicks(days);
    const newest = days.at(-1) ?? '';
    expect(ticks.get(newest)).toBe(newest.slice(5));
    expect(ticks.size).toBe(Math.ceil(count / step));
    expect(ticks.has(addDays(newest, -step))).toBe(count > step);
  });

  it('labels a year by month, every other month, with January as its year', () => {
    const ticks = dayTicks(range('2025-11-28', 365));
    expect([...ticks.values()]).toEqual(['2026', 'Mar', 'May', 'Jul', 'Sep', 'Nov']);
    expect([...ticks.keys()][0]).toBe('2026-01-01');
  });

  it('labels several years by their first day only', () => {
    const ticks = dayTicks(range('2016-01-01', 3653));
    expect([...ticks.values()]).toEqual(['2016', '2018', '2020', '2022', '2024']);
  });
});

describe('percentAxis', () => {
  it.each([
    [[99.5, 99.9, 100], undefined, 90, 2],
    [[99.65, 99.91], 99, 90, 2],
    [[97.2, 99.9], 99, 90, 2],
    [[85, 99.9], 99, 80, 10],
    [[52, 99.9], 99, 50, 10],
    [[40, 99.9], 99, 20, 20],
    [[0.4], 99, 0, 20],
    [[], undefined, 90, 2],
  ])(
    'fits %j (rule at %s) into %i–100 in steps of %i, never above 100',
    (values, threshold, min, interval) => {
      expect(percentAxis(values, threshold)).toEqual({ min, max: 100, interval });
    },
  );
});
