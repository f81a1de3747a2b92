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
   * complete; at least 1 when the run could not read its configuration or secret). A level, not an
   * event count: the failure alarm reads its Minimum, and it stays until a run writes every app.
   */
  appsNotWritten: 'AppsNotWritten',
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
