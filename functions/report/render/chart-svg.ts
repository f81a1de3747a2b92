/**
 * One line chart as SVG, drawn by Apache ECharts' server-side renderer: no DOM, no canvas, no
 * script in the output. The page embeds the SVG as is; ECharts escapes the text it writes
 * (labels, legend), and only our own labels, dates and numbers are ever passed to it.
 */
import * as echarts from 'echarts';

/** One line of a chart. */
export interface ChartSeries {
  /** Legend text (fixed by the report, never an API value). */
  readonly name: string;
  readonly color: string;
  /** One value per day; `null` where the day or the field is missing: the line breaks there. */
  readonly values: readonly (number | null)[];
}

/** A chart's data: the days and one value per day for each line. */
export interface LineChart {
  /** The days of the x axis, `YYYY-MM-DD`, oldest first, one per day (gaps included). */
  readonly days: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly unit: 'count' | 'percent';
  /** Start the y axis at 0 (daily counts), or fit it to the data (running totals, rates). */
  readonly fromZero: boolean;
  /** Days no snapshot has: shaded, so a gap reads as missing data, not as a drop. */
  readonly missing: readonly boolean[];
  /** A rule's limit, drawn as a dashed line across the chart (the callback rule's 99 %). */
  readonly threshold?: { readonly value: number; readonly label: string };
}

/**
 * The axis of a rate: never above 100 %, and at least 10 points tall, so that a wobble of a few
 * tenths near 100 stays a wobble: 90–100 for a healthy app, down in steps of 10 to hold the
 * lowest day (and the rule's line).
 */
export function percentAxis(
  values: readonly (number | null)[],
  threshold?: number,
): { min: number; max: number; interval: number } {
  const shown = values.filter((v): v is number => v !== null);
  const lowest = Math.min(...shown, threshold ?? 100, 100);
  const tens = Math.max(0, Math.min(90, Math.floor((lowest - 0.5) / 10) * 10));
  // Round ticks whatever the range: 90, 92, … 100; 60, 70, … 100; 0, 20, … 100.
  if (tens >= 90) return { min: 90, max: 100, interval: 2 };
  if (tens >= 50) return { min: tens, max: 100, interval: 10 };
  return { min: Math.floor(tens / 20) * 20, max: 100, interval: 20 };
}

/** The drawing size; the page scales the SVG to its column (viewBox). */
export const CHART_SIZE = { width: 420, height: 230 } as const;

/** System fonts only (no web font); single quotes, because ECharts writes it into an attribute. */
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

const AXIS_TEXT = '#4b5563';
const GRID_LINE = '#e5e7eb';

/** `1200` → `1.2k`, `194500` → `194.5k`, `5600000` → `5.6M`: short axis labels (nice ticks). */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  for (const [size, suffix] of [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (abs >= size) return `${Number((value / size).toFixed(2))}${suffix}`;
  }
  return String(Number(value.toFixed(2)));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** About this many labels fit under a chart a third of a laptop screen wide. */
const MAX_TICKS = 7;

/**
 * The days of the x axis that get a label, and their text: up to three months, every day, every
 * other day, every week or every two weeks as `MM-DD`, counted back from the newest day (which
 * always has one); beyond, the first of every month or every few months as `Mar`, with January
 * shown as its year.
 */
export function dayTicks(days: readonly string[]): Map<string, string> {
  const ticks = new Map<string, string>();
  if (days.length <= 92) {
    // Weekly labels fall on the newest day's weekday; fewer days, every day or every other one.
    const step = [1, 2, 7, 14].find((d) => days.length / d <= MAX_TICKS) ?? 14;
    for (let i = days.length - 1; i >= 0; i -= step) {
      const day = days[i] as string;
      ticks.set(day, day.slice(5));
    }
    return ticks;
  }
  const firsts = days.filter((day) => day.endsWith('-01'));
  const months = [1, 2, 3, 6].find((m) => firsts.length / m <= MAX_TICKS);
  const years = Math.max(1, Math.ceil(firsts.length / 12 / MAX_TICKS));
  for (const day of firsts) {
    const month = Number(day.slice(5, 7)) - 1;
    const year = Number(day.slice(0, 4));
    const shown = months === undefined ? month === 0 && year % years === 0 : month % months === 0;
    if (shown) ticks.set(day, month === 0 ? day.slice(0, 4) : (MONTHS[month] ?? ''));
  }
  return ticks;
}

/** Runs of missing days as [day before, day after]: the stretch where the line is broken. */
export function gapSpans(days: readonly string[], missing: readonly boolean[]): [string, string][] {
  const spans: [string, string][] = [];
  for (let i = 0; i < days.length; i++) {
    if (!missing[i]) continue;
    let j = i;
    while (missing[j + 1]) j++;
    spans.push([days[Math.max(0, i - 1)] ?? '', days[Math.min(days.length - 1, j + 1)] ?? '']);
    i = j;
  }
  return spans;
}

/** A value between two missing neighbours has no segment to draw: give it a dot. */
function withLoneDots(values: readonly (number | null)[], color: string) {
  return values.map((value, i) =>
    value !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null
      ? { value, symbol: 'circle', symbolSize: 5, itemStyle: { color } }
      : value,
  );
}

function option(chart: LineChart): echarts.EChartsCoreOption {
  const spans = gapSpans(chart.days, chart.missing);
  const ticks = dayTicks(chart.days);
  return {
    animation: false,
    silent: true,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: 12, color: AXIS_TEXT },
    grid: {
      left: 8,
      right: 22,
      top: chart.series.length > 1 ? 30 : 12,
      // The x labels' own room: containLabel does not measure labels picked by an interval function.
      bottom: 24,
      containLabel: true,
    },
    legend:
      chart.series.length > 1
        ? {
            top: 0,
            left: 0,
            itemWidth: 18,
            itemHeight: 8,
            selectedMode: false,
            textStyle: { fontSize: 12 },
          }
        : undefined,
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: [...chart.days],
      axisLine: { lineStyle: { color: '#9ca3af' } },
      axisTick: { show: false },
      axisLabel: {
        color: AXIS_TEXT,
        hideOverlap: true,
        interval: (_index: number, day: string) => ticks.has(day),
        formatter: (day: string) => ticks.get(day) ?? '',
      },
    },
    yAxis: {
      type: 'value',
      scale: !chart.fromZero,
      ...(chart.unit === 'percent'
        ? percentAxis(
            chart.series.flatMap((s) => s.values),
            chart.threshold?.value,
          )
        : {}),
      splitNumber: 4,
      axisLabel: {
        color: AXIS_TEXT,
        formatter: (v: number) =>
          chart.unit === 'percent' ? `${Number(v.toFixed(2))}%` : compactNumber(v),
      },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: chart.series.map((s, index) => ({
      name: s.name,
      type: 'line',
      data: withLoneDots(s.values, s.color),
      connectNulls: false,
      symbol: 'none',
      showAllSymbol: true,
      color: s.color,
      lineStyle: { width: 2, color: s.color },
      emphasis: { disabled: true },
      markLine:
        index === 0 && chart.threshold !== undefined
          ? {
              silent: true,
              symbol: 'none',
              data: [{ yAxis: chart.threshold.value }],
              lineStyle: { color: '#b91c1c', type: 'dashed', width: 1 },
              label: {
                formatter: chart.threshold.label,
                position: 'insideStartBottom',
                color: '#b91c1c',
                fontSize: 11,
              },
            }
          : undefined,
      markArea:
        index === 0 && spans.length > 0
          ? {
              silent: true,
              itemStyle: { color: 'rgba(107, 114, 128, 0.14)' },
              data: spans.map(([from, to]) => [{ xAxis: from }, { xAxis: to }]),
            }
          : undefined,
    })),
  };
}

/**
 * Renders `chart` as a standalone SVG string. `id` must be unique in the page: ECharts numbers
 * its clip paths per instance (`zr3-c0`), and the page holds many charts.
 */
export function lineChartSvg(chart: LineChart, id: string): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, ...CHART_SIZE });
  try {
    instance.setOption(option(chart));
    return instance.renderToSVGString().replace(/\bzr\d+-/g, `${id}-`);
  } finally {
    instance.dispose();
  }
}
