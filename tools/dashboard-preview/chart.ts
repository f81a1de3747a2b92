/**
 * A metric widget's graph as SVG, drawn by Apache ECharts' server-side renderer in the manner of
 * the CloudWatch console: its palette, lines without markers, the legend where the widget puts it,
 * the y-axis labels, limits and horizontal annotations the widget sets.
 */
import * as echarts from 'echarts';
import { compactNumber } from '../../functions/report/render/chart-svg.js';
import type { HorizontalAnnotation, MetricWidget, YAxisSettings } from './body.js';
import type { ResolvedSeries } from './series.js';

/** The console's default line colours (d3's category20, strong shades first). */
export const CLOUDWATCH_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#aec7e8',
  '#ffbb78',
  '#98df8a',
  '#ff9896',
  '#c5b0d5',
  '#c49c94',
  '#f7b6d2',
  '#c7c7c7',
  '#dbdb8d',
  '#9edae5',
] as const;

/**
 * The console's fonts (Amazon Ember, then Helvetica/Arial). Arial's metrics are the ones ECharts
 * assumes when it lays out text without a canvas; Liberation Sans has the same metrics.
 */
export const CONSOLE_FONT =
  "'Amazon Ember', 'Helvetica Neue', Roboto, Arial, 'Liberation Sans', 'Noto Sans', sans-serif";

const TEXT = '#545b64';
const GRID_LINE = '#e9ebed';
const FONT_SIZE = 12;
/** ECharts' own estimate of text width in SSR is close to this for 12 px digits and letters. */
const CHAR_WIDTH = 6.8;
/** Legend item sizes; ECharts uses `itemGap` between items and between wrapped rows alike. */
const LEGEND_ITEM = { markWidth: 14, gap: 5, itemGap: 10, textHeight: 14 } as const;

/** Pixel size of the drawing. */
export interface ChartBox {
  readonly width: number;
  readonly height: number;
}

/** How many rows a bottom legend of `labels` needs in `width` pixels (items wrap like words). */
export function legendRows(labels: readonly string[], width: number): number {
  let rows = labels.length > 0 ? 1 : 0;
  let used = 0;
  for (const label of labels) {
    const item = LEGEND_ITEM.markWidth + LEGEND_ITEM.gap + label.length * CHAR_WIDTH;
    if (used > 0 && used + item > width) {
      rows += 1;
      used = 0;
    }
    used += item + LEGEND_ITEM.itemGap;
  }
  return rows;
}

/** The height of a bottom legend of `rows` rows. */
const legendHeight = (rows: number) =>
  rows === 0 ? 0 : rows * LEGEND_ITEM.textHeight + (rows - 1) * LEGEND_ITEM.itemGap + 8;

/** `MM/DD` of a UTC day, as the console labels days. */
const dayLabel = (day: number) => new Date(day).toISOString().slice(5, 10).replace('-', '/');

function axis(settings: YAxisSettings | undefined, series: readonly ResolvedSeries[]) {
  const units = [...new Set(series.map((s) => s.unit).filter((u) => u !== undefined))];
  const unit = settings?.showUnits !== false && units.length === 1 ? units[0] : undefined;
  const name = [settings?.label, unit].filter((part) => part).join(' ');
  return {
    type: 'value',
    // Without limits the console fits the axis to the data; it does not start at 0.
    scale: true,
    min: settings?.min,
    max: settings?.max,
    name,
    nameLocation: 'middle',
    nameRotate: 90,
    nameGap: 12,
    nameMoveOverlap: true,
    nameTextStyle: { color: TEXT, fontSize: FONT_SIZE },
    splitNumber: 4,
    axisLabel: { color: TEXT, formatter: (v: number) => compactNumber(v) },
    splitLine: { lineStyle: { color: GRID_LINE } },
  };
}

function annotationMarks(annotations: readonly HorizontalAnnotation[]) {
  const visible = annotations.filter((a) => a.visible !== false);
  if (visible.length === 0) return {};
  return {
    markLine: {
      silent: true,
      symbol: 'none',
      data: visible.map((a) => ({
        yAxis: a.value,
        lineStyle: { color: a.color ?? '#d13212', type: 'dashed', width: 1.5 },
        label: {
          formatter: a.label ?? String(a.value),
          position: 'insideStartTop',
          color: a.color ?? '#d13212',
          fontSize: 11,
        },
      })),
    },
  };
}

/** The ECharts option for `widget` drawing `series` over `days` in `box`. */
export function widgetChartOption(
  widget: MetricWidget,
  series: readonly ResolvedSeries[],
  days: readonly number[],
  box: ChartBox,
): echarts.EChartsCoreOption {
  const { properties } = widget;
  const position = properties.legend?.position ?? 'bottom';
  const labels = series.map((s) => s.label);
  const legendWidth = Math.max(...labels.map((l) => l.length * CHAR_WIDTH)) + 30;
  const bottomLegend = position === 'bottom' ? legendRows(labels, box.width - 16) : 0;
  const annotations = properties.annotations?.horizontal ?? [];
  const hasRight = series.some((s) => s.axis === 'right');
  if ((properties.view ?? 'timeSeries') !== 'timeSeries') {
    // A bar or pie view compares one value per metric; the preview only draws time series.
    throw new Error(`the preview draws time series only, not view "${properties.view}"`);
  }
  return {
    animation: false,
    silent: true,
    color: [...CLOUDWATCH_COLORS],
    textStyle: { fontFamily: CONSOLE_FONT, fontSize: FONT_SIZE, color: TEXT },
    grid: {
      left: 4,
      right: position === 'right' ? legendWidth + 8 : 8,
      top: 10,
      bottom: 4 + legendHeight(bottomLegend),
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    legend:
      position === 'hidden'
        ? undefined
        : {
            // The console's legend on the right scrolls when it is longer than the graph.
            type: position === 'right' ? 'scroll' : 'plain',
            orient: position === 'right' ? 'vertical' : 'horizontal',
            ...(position === 'right' ? { right: 0, top: 10 } : { left: 8, right: 8, bottom: 0 }),
            icon: 'rect',
            itemWidth: LEGEND_ITEM.markWidth,
            itemHeight: 3,
            itemGap: LEGEND_ITEM.itemGap,
            selectedMode: false,
            textStyle: { fontSize: FONT_SIZE, color: TEXT },
          },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: days.map(dayLabel),
      axisLine: { lineStyle: { color: '#aab7b8' } },
      axisTick: { show: false },
      axisLabel: { color: TEXT, hideOverlap: true },
    },
    yAxis: [
      axis(
        properties.yAxis?.left,
        series.filter((s) => s.axis === 'left'),
      ),
      ...(hasRight
        ? [
            {
              ...axis(
                properties.yAxis?.right,
                series.filter((s) => s.axis === 'right'),
              ),
              splitLine: { show: false },
            },
          ]
        : []),
    ],
    series: series.map((s, i) => {
      const first = series.findIndex((other) => other.axis === s.axis) === i;
      const own = annotations.filter((a) => (a.yAxis ?? 'left') === s.axis);
      return {
        name: s.label,
        type: 'line',
        yAxisIndex: s.axis === 'right' ? 1 : 0,
        data: s.values.map((value, d) =>
          value !== null && (s.values[d - 1] ?? null) === null && (s.values[d + 1] ?? null) === null
            ? { value, symbol: 'circle', symbolSize: 5 }
            : value,
        ),
        ...(s.color ? { color: s.color } : {}),
        ...(properties.stacked ? { stack: 'total', areaStyle: { opacity: 0.35 } } : {}),
        symbol: 'none',
        showAllSymbol: true,
        connectNulls: false,
        lineStyle: { width: 1.5 },
        emphasis: { disabled: true },
        ...(first ? annotationMarks(own) : {}),
      };
    }),
  };
}

/**
 * Renders the graph of `widget` as a standalone SVG. `id` must be unique in the page: ECharts
 * numbers its clip paths per instance.
 */
export function widgetChartSvg(
  widget: MetricWidget,
  series: readonly ResolvedSeries[],
  days: readonly number[],
  box: ChartBox,
  id: string,
): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, ...box });
  try {
    instance.setOption(widgetChartOption(widget, series, days, box));
    return instance.renderToSVGString().replace(/\bzr\d+-/g, `${id}-`);
  } finally {
    instance.dispose();
  }
}
