/** Emits a run's EMF metrics (names in run-metrics.ts, which the stack's alarms share). */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC } from './run-metrics.js';
import type { RunSummary } from './snapshot-pipeline.js';

/**
 * Adds the run's metrics to `metrics` (dimension `service`); the caller publishes them. The
 * silence alarm watches `SnapshotsSucceeded`, so only a fully written app counts there.
 */
export function recordRunMetrics(metrics: Metrics, summary: RunSummary): void {
  let succeeded = 0;
  let rows = 0;
  for (const app of summary.apps) {
    metrics.addMetric(METRIC.apiAttempts, MetricUnit.Count, app.attempts);
    if (!app.ok) continue;
    succeeded += 1;
    rows += app.rows;
    metrics.addMetric(METRIC.apiLatency, MetricUnit.Milliseconds, app.latencyMs);
  }
  metrics.addMetric(METRIC.snapshotsSucceeded, MetricUnit.Count, succeeded);
  metrics.addMetric(METRIC.snapshotsFailed, MetricUnit.Count, summary.apps.length - succeeded);
  metrics.addMetric(METRIC.rowsWritten, MetricUnit.Count, rows);
}
