/**
 * The names the function's logs and EMF metrics carry, shared with the stack's alarms so that an
 * alarm can never watch a metric the function does not emit.
 */

export const SERVICE_NAME = 'chat-opsdata';
export const METRICS_NAMESPACE = 'ChatOpsdata';

/** Metric names (namespace `ChatOpsdata`, dimension `service`). */
export const METRIC = {
  snapshotsSucceeded: 'SnapshotsSucceeded',
  snapshotsFailed: 'SnapshotsFailed',
  rowsWritten: 'RowsWritten',
  apiLatency: 'ApiLatency',
  apiAttempts: 'ApiAttempts',
} as const;
