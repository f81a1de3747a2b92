/**
 * What a metric widget would plot: each metric or `SEARCH` of the widget evaluated over the
 * simulated data points, one value per UTC day of the dashboard's time range, with the statistic,
 * the label (dynamic labels included) and the axis the widget asks for.
 */
import type { MetricEntry, MetricOptions, MetricWidget } from './body.js';
import type { DataPoint } from './data.js';

/** One line of a chart. */
export interface ResolvedSeries {
  readonly label: string;
  readonly axis: 'left' | 'right';
  readonly color?: string;
  /** The data's unit (`Count`, `Percent`, `Milliseconds`), when the data has points. */
  readonly unit?: string;
  /** One value per day of the range; null where the day has no data point. */
  readonly values: readonly (number | null)[];
}

const DAY_MS = 86_400_000;

/**
 * The UTC days (epoch ms of midnight) a relative range such as `-P30D` or `-P2W` covers up to
 * `now`, oldest first, today included.
 * @throws Error for a range the preview does not draw (hours, months, absolute times).
 */
export function rangeDays(start: string | undefined, now: Date): number[] {
  const m = /^-P(\d+)([DW])$/.exec(start ?? '');
  if (!m) throw new Error(`the preview draws day or week ranges (-P30D), not "${start}"`);
  const count = Number(m[1]) * (m[2] === 'W' ? 7 : 1);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return Array.from({ length: count }, (_, i) => today - (count - 1 - i) * DAY_MS);
}

type Statistic = (values: readonly number[]) => number;

const STATISTICS: Record<string, Statistic> = {
  Sum: (v) => v.reduce((a, b) => a + b, 0),
  Maximum: (v) => Math.max(...v),
  Minimum: (v) => Math.min(...v),
  Average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  SampleCount: (v) => v.length,
};

function statistic(name: string | undefined): Statistic {
  const found = STATISTICS[name ?? 'Average'];
  if (!found) throw new Error(`the preview does not compute the statistic "${name}"`);
  return found;
}

/** The period of a metric that sets none: CloudWatch's default. */
const DEFAULT_PERIOD = 300;

/** One metric's points as one value per day, daily periods only (what this dashboard uses). */
function daily(
  points: readonly DataPoint[],
  days: readonly number[],
  stat: string,
  period: number | undefined,
) {
  if ((period ?? DEFAULT_PERIOD) !== 86400) {
    throw new Error(`the preview draws daily periods, not ${period ?? DEFAULT_PERIOD} s`);
  }
  const of = statistic(stat);
  return days.map((day) => {
    const values = points.filter((p) => p.time >= day && p.time < day + DAY_MS).map((p) => p.value);
    return values.length === 0 ? null : of(values);
  });
}

function sameDimensions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/**
 * Fills in the dynamic labels the preview knows (`${PROP('Dim.<name>')}`, `${PROP('MetricName')}`,
 * `${PROP('Namespace')}`, `${PROP('Stat')}`, `${LABEL}`); others are left as written.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/graph-dynamic-labels.html
 */
export function dynamicLabel(
  label: string,
  metric: {
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    stat: string;
  },
  defaultLabel: string,
): string {
  const props: Record<string, string> = {
    MetricName: metric.metricName,
    Namespace: metric.namespace,
    Stat: metric.stat,
  };
  return label.replace(/\$\{(?:PROP\('([^']+)'\)|LABEL)\}/g, (whole, prop: string | undefined) => {
    if (prop === undefined) return defaultLabel;
    if (prop.startsWith('Dim.')) return metric.dimensions[prop.slice(4)] ?? '';
    return props[prop] ?? whole;
  });
}

const SEARCH = /^SEARCH\('\{([^}]+)\}\s+MetricName="([^"]+)"',\s*'(\w+)',\s*(\d+)\)$/;
/** `SORT(<expression>, MAX|MIN|AVG|SUM, DESC|ASC, <limit>)`, as metric math writes it. */
const SORT = /^SORT\((.+),\s*(MAX|MIN|AVG|SUM),\s*(DESC|ASC)(?:,\s*(\d+))?\)$/;

const REDUCE: Record<string, (values: readonly number[]) => number> = {
  MAX: (v) => Math.max(...v),
  MIN: (v) => Math.min(...v),
  SUM: (v) => v.reduce((a, b) => a + b, 0),
  AVG: (v) => v.reduce((a, b) => a + b, 0) / v.length,
};

/**
 * Metric math's SORT over the lines of `inner`: ordered by `stat` over the time range, the first
 * `limit` kept (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html).
 */
function sortSeries(
  options: MetricOptions,
  points: readonly DataPoint[],
  days: readonly number[],
): ResolvedSeries[] {
  const m = SORT.exec(options.expression ?? '') as RegExpExecArray;
  const [, inner = '', stat = 'MAX', order = 'DESC', limit] = m;
  const of = REDUCE[stat] as (values: readonly number[]) => number;
  const score = (s: ResolvedSeries) => {
    const values = s.values.filter((v): v is number => v !== null);
    return values.length === 0 ? Number.NaN : of(values);
  };
  const lines = searchSeries({ ...options, expression: inner }, points, days)
    .map((s) => ({ s, score: score(s) }))
    .filter(({ score }) => !Number.isNaN(score))
    .sort((a, b) => (order === 'DESC' ? b.score - a.score : a.score - b.score))
    .map(({ s }) => s);
  return limit === undefined ? lines : lines.slice(0, Number(limit));
}

/** The series a `SEARCH('{ns,dim,…} MetricName="…"', 'Stat', period)` finds, by dimension values. */
function searchSeries(
  options: MetricOptions,
  points: readonly DataPoint[],
  days: readonly number[],
): ResolvedSeries[] {
  const m = SEARCH.exec(options.expression ?? '');
  if (!m)
    throw new Error(`the preview evaluates SEARCH of one metric name only: ${options.expression}`);
  const [namespace = '', ...keys] = (m[1] ?? '').split(',').map((s) => s.trim());
  const [metricName = '', stat = '', period] = [m[2], m[3], Number(m[4])];
  // `{namespace,dims}` matches metrics with exactly those dimensions.
  const found = points.filter(
    (p) =>
      p.namespace === namespace &&
      p.metricName === metricName &&
      Object.keys(p.dimensions).sort().join() === [...keys].sort().join(),
  );
  const groups = new Map<string, DataPoint[]>();
  for (const p of found) {
    const key = JSON.stringify(keys.map((k) => p.dimensions[k]));
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()]
    .map((group): ResolvedSeries => {
      const dimensions = (group[0] as DataPoint).dimensions;
      // Without a label the preview names a result by its dimension values.
      const fallback = keys.map((k) => dimensions[k]).join(' ');
      const metric = { namespace, metricName, dimensions: { ...dimensions }, stat };
      return {
        label: options.label ? dynamicLabel(options.label, metric, fallback) : fallback,
        axis: options.yAxis ?? 'left',
        unit: (group[0] as DataPoint).unit,
        values: daily(group, days, stat, options.period ?? period),
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

function metricSeries(
  entry: MetricEntry,
  widget: MetricWidget,
  points: readonly DataPoint[],
  days: readonly number[],
): ResolvedSeries {
  const last = entry.at(-1);
  const options: MetricOptions = typeof last === 'object' ? last : {};
  const [namespace = '', metricName = '', ...rest] = entry.filter(
    (part): part is string => typeof part === 'string',
  );
  const dimensions: Record<string, string> = {};
  for (let i = 0; i + 1 < rest.length; i += 2)
    dimensions[rest[i] as string] = rest[i + 1] as string;
  const stat = options.stat ?? widget.properties.stat ?? 'Average';
  const own = points.filter(
    (p) =>
      p.namespace === namespace &&
      p.metricName === metricName &&
      sameDimensions(p.dimensions, dimensions),
  );
  const metric = { namespace, metricName, dimensions, stat };
  return {
    label: options.label ? dynamicLabel(options.label, metric, metricName) : metricName,
    axis: options.yAxis ?? 'left',
    ...(options.color ? { color: options.color } : {}),
    ...(own[0] ? { unit: own[0].unit } : {}),
    values: daily(own, days, stat, options.period ?? widget.properties.period),
  };
}

/** Every line `widget` would draw over `days`, in the widget's order (a SEARCH's by label). */
export function widgetSeries(
  widget: MetricWidget,
  points: readonly DataPoint[],
  days: readonly number[],
): ResolvedSeries[] {
  return widget.properties.metrics.flatMap((entry) => {
    const [first] = entry;
    if (typeof first === 'object' && first.expression !== undefined) {
      return SORT.test(first.expression)
        ? sortSeries(first, points, days)
        : searchSeries(first, points, days);
    }
    return [metricSeries(entry, widget, points, days)];
  });
}
