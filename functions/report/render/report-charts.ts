/** Which charts an app's section has, and how each is computed from the merged rows. */
import type { OpsdataRow } from '../../core/opsdata-schema.js';
import { DEFAULT_RULES, type RuleSettings } from '../../digest/anomaly-rules.js';
import type { AppHistory } from '../app-history.js';
import type { LineChart } from './chart-svg.js';

/** One figure of a day's row, as a chart number (counts past 2^53 round; the table does not). */
type Figure = (row: OpsdataRow) => number | null;

/** One chart of every app's section: its title and how each line is computed. */
export interface ChartDefinition {
  /** Stable id, used in the page (`data-chart`) and by the tests. */
  readonly id: string;
  readonly title: string;
  readonly unit: 'count' | 'percent';
  readonly fromZero: boolean;
  readonly series: readonly {
    readonly name: string;
    readonly color: string;
    readonly of: Figure;
  }[];
}

const count =
  (column: keyof OpsdataRow): Figure =>
  (row) => {
    const value = row[column];
    return typeof value === 'bigint' ? Number(value) : null;
  };

/** Callback responses per request, in percent; none on a day without callback requests. */
export const callbackSuccessRate: Figure = (row) =>
  row.callback_req === null || row.callback_rsp === null || row.callback_req === 0n
    ? null
    : (Number(row.callback_rsp) / Number(row.callback_req)) * 100;

const BLUE = '#2563eb';
const ORANGE = '#ea580c';
const GREEN = '#059669';
const PURPLE = '#7c3aed';
const RED = '#dc2626';

/** The charts of every app's section, in page order. */
export const CHARTS: readonly ChartDefinition[] = [
  {
    id: 'users',
    title: 'Active and login users',
    unit: 'count',
    fromZero: true,
    series: [
      { name: 'Active', color: BLUE, of: count('active_user_num') },
      { name: 'Logged in', color: ORANGE, of: count('login_user_num') },
    ],
  },
  {
    id: 'messages-up',
    title: 'Messages sent (up)',
    unit: 'count',
    fromZero: true,
    series: [
      { name: 'C2C', color: BLUE, of: count('c2c_up_msg_num') },
      { name: 'Group', color: PURPLE, of: count('group_up_msg_num') },
    ],
  },
  {
    id: 'messages-down',
    title: 'Messages delivered (down)',
    unit: 'count',
    fromZero: true,
    series: [
      { name: 'C2C', color: BLUE, of: count('c2c_down_msg_num') },
      { name: 'Group', color: PURPLE, of: count('group_down_msg_num') },
    ],
  },
  {
    id: 'peak-online',
    title: 'Peak online users',
    unit: 'count',
    fromZero: true,
    series: [{ name: 'Peak online', color: GREEN, of: count('max_online_num') }],
  },
  {
    id: 'new-registrations',
    title: 'New registrations',
    unit: 'count',
    fromZero: true,
    series: [{ name: 'New', color: GREEN, of: count('regist_user_num_one_day') }],
  },
  {
    id: 'total-registrations',
    title: 'Registered users (total)',
    unit: 'count',
    fromZero: false,
    series: [{ name: 'Total', color: GREEN, of: count('regist_user_num_total') }],
  },
  {
    id: 'callback-success',
    title: 'Callback success rate',
    unit: 'percent',
    fromZero: false,
    series: [{ name: 'Answered', color: ORANGE, of: callbackSuccessRate }],
  },
  {
    id: 'groups-new-destroyed',
    title: 'Groups created and disbanded',
    unit: 'count',
    fromZero: true,
    series: [
      { name: 'Created', color: BLUE, of: count('group_new_group_num') },
      { name: 'Disbanded', color: RED, of: count('group_destroy_group_num') },
    ],
  },
  {
    id: 'groups-total',
    title: 'Groups (total)',
    unit: 'count',
    fromZero: false,
    series: [{ name: 'Total', color: PURPLE, of: count('group_all_group_num') }],
  },
];

/** Whether any day shown has a value for the chart: a field not requested has none. */
export function hasData(definition: ChartDefinition, history: AppHistory): boolean {
  return history.rows.some(
    (row) => row !== null && definition.series.some((s) => s.of(row) !== null),
  );
}

/**
 * The chart data of `definition` for one app's days (a missing day is null in every series); the
 * callback chart carries the callback rule's threshold when the rule is on.
 */
export function chartData(
  definition: ChartDefinition,
  history: AppHistory,
  rules: RuleSettings = DEFAULT_RULES,
): LineChart {
  const callback = rules.callback_failures;
  // 0.99 × 100 is 99.00000000000001 in floating point.
  const percent = Math.round(callback.threshold * 10_000) / 100;
  return {
    ...(definition.id === 'callback-success' && callback.enabled
      ? { threshold: { value: percent, label: `callback_failures: below ${percent} %` } }
      : {}),
    days: history.days,
    unit: definition.unit,
    fromZero: definition.fromZero,
    missing: history.rows.map((row) => row === null),
    // A line of a field no snapshot holds is left out, legend entry and all.
    series: definition.series
      .map((s) => ({
        name: s.name,
        color: s.color,
        values: history.rows.map((row) => (row === null ? null : s.of(row))),
      }))
      .filter((s) => s.values.some((v) => v !== null)),
  };
}
