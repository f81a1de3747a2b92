/**
 * The names the function's logs and EMF metrics carry, shared with the stack's alarms and
 * dashboard so that neither can watch a metric the function does not emit.
 */
import type { DigestMetricId } from '../digest/digest.js';

export const SERVICE_NAME = 'chat-opsdata';
/** The run's health, dimension `service`. */
export const METRICS_NAMESPACE = 'ChatOpsdata';
/** Each app's operations figures, dimension `SdkAppId` only (the dashboard searches on it). */
export const APP_METRICS_NAMESPACE = 'ChatOpsdata/Apps';
export const APP_DIMENSION = 'SdkAppId';

/** Run metrics (namespace `ChatOpsdata`, dimension `service`). */
export const METRIC = {
  /** Apps this run wrote (an app skipped as already written is not counted again). */
  snapshotsSucceeded: 'SnapshotsSucceeded',
  /**
   * The secret's apps with no complete snapshot for the run date when the run ended (0: the day is
   * complete as far as snapshots go; 1 when the run could not read its configuration or secret).
   * The dashboard's "still missing" line.
   */
  appsNotWritten: 'AppsNotWritten',
  /**
   * What of the run date is not done when a run ends: its apps not written plus the steps after
   * the run that failed (the digest e-mail, the chat digest — also on a later run of the date,
   * which does not send them twice); 1 when the run could not start. 0: the day is complete. A
   * level, not an event count: the DayIncomplete alarm reads its Minimum and stays in ALARM
   * until a run reports 0.
   */
  dayIncomplete: 'DayIncomplete',
  rowsWritten: 'RowsWritten',
  apiLatency: 'ApiLatency',
  apiAttempts: 'ApiAttempts',
  /** Anomalies found in the whole run; the anomaly alarm watches it. */
  anomaliesFound: 'AnomaliesFound',
} as const;

/**
 * Per-app metrics (namespace `ChatOpsdata/Apps`, dimension `SdkAppId`): one data point per day of
 * the snapshot still inside CloudWatch's 14-day window, stamped 12:00 Beijing time of that day.
 */
export const APP_METRIC = {
  active_users: 'ActiveUsers',
  messages_up: 'MessagesUp',
  messages_down: 'MessagesDown',
  peak_online: 'PeakOnline',
  new_registrations: 'NewRegistrations',
  callback_success_rate: 'CallbackSuccessRate',
} as const satisfies Partial<Record<DigestMetricId, string>>;

/** Per-app count of the anomalies of the run, stamped at the run. */
export const APP_ANOMALIES_METRIC = 'Anomalies';

/**
 * How many chat webhooks failed in a run (namespace `ChatOpsdata`, dimension `service`). Sent only
 * when one did, so a deployment without webhooks or without failures pays nothing for it.
 */
export const NOTIFY_FAILED_METRIC = 'NotificationsFailed';

/** Which per-app figures the function sends (`chat-opsdata:appMetrics`, env `APP_METRICS`). */
export const APP_METRICS_LEVELS = ['all', 'key', 'none'] as const;
export type AppMetricsLevel = (typeof APP_METRICS_LEVELS)[number];

/** A per-app figure the function can send. */
export type AppFigure = keyof typeof APP_METRIC;

/**
 * The figures each level keeps; the dashboard graphs exactly these. `key` keeps the two that the
 * week-over-week rules watch.
 */
export const APP_FIGURES_AT: Readonly<Record<AppMetricsLevel, readonly AppFigure[]>> = {
  all: Object.keys(APP_METRIC) as AppFigure[],
  key: ['active_users', 'messages_up'],
  none: [],
};

/** Every metric name the function sends per app at `level` (what CloudWatch bills per app). */
export function appMetricNames(level: AppMetricsLevel): string[] {
  const figures = APP_FIGURES_AT[level].map((figure) => APP_METRIC[figure]);
  // The per-app anomaly count is graphed nowhere; only `all` keeps it, for your own alarms.
  return level === 'all' ? [...figures, APP_ANOMALIES_METRIC] : figures;
}
