/** Emits a run's EMF metrics (names in run-metrics.ts, which the stack's alarms share). */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DAY_MS } from '../core/dates.js';
import {
  APP_ANOMALIES_METRIC,
  APP_DIMENSION,
  APP_FIGURES_AT,
  APP_METRIC,
  type AppMetricsLevel,
  METRIC,
  NOTIFY_FAILED_METRIC,
} from '../core/metric-names.js';
import type { AppSnapshot, RunSummary } from '../run/snapshot-pipeline.js';

/** CloudWatch drops data points older than 14 days; keep a margin for the time it takes. */
const OLDEST_ACCEPTED_MS = 14 * DAY_MS - 3_600_000;

/**
 * Adds the run's metrics to `metrics` (dimension `service`); the caller publishes them. Only the
 * apps this run took count: an app skipped as written by an earlier attempt of the day is not
 * counted again, so a retry never inflates a day. The silence alarm watches `SnapshotsSucceeded`
 * (only a fully written app counts there); the DayIncomplete alarm's value comes last, from
 * `recordDayIncomplete`, when every step after the run is done.
 */
export function recordRunMetrics(metrics: Metrics, summary: RunSummary): void {
  let succeeded = 0;
  let rows = 0;
  let anomalies = 0;
  for (const app of summary.apps) {
    metrics.addMetric(METRIC.apiAttempts, MetricUnit.Count, app.attempts);
    if (!app.ok) continue;
    succeeded += 1;
    rows += app.rows;
    anomalies += app.digest.anomalies.length;
    metrics.addMetric(METRIC.apiLatency, MetricUnit.Milliseconds, app.latencyMs);
  }
  metrics.addMetric(METRIC.snapshotsSucceeded, MetricUnit.Count, succeeded);
  metrics.addMetric(METRIC.appsNotWritten, MetricUnit.Count, summary.notWritten.length);
  metrics.addMetric(METRIC.rowsWritten, MetricUnit.Count, rows);
  metrics.addMetric(METRIC.anomaliesFound, MetricUnit.Count, anomalies);
}

/**
 * The DayIncomplete alarm's value for a run that ended: its apps not written plus the steps
 * after the run that failed (0: the day is complete).
 */
export function recordDayIncomplete(
  metrics: Metrics,
  summary: RunSummary,
  failedSteps: readonly unknown[],
): void {
  metrics.addMetric(
    METRIC.dayIncomplete,
    MetricUnit.Count,
    summary.notWritten.length + failedSteps.length,
  );
}

/**
 * The failure metrics of a run that ended before it knew its apps (the configuration or the
 * secret could not be read): at least one app is not written, and the day is not complete.
 */
export function recordRunNotStarted(metrics: Metrics): void {
  metrics.addMetric(METRIC.appsNotWritten, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.dayIncomplete, MetricUnit.Count, 1);
}

/** When a day's data point is stamped: 12:00 in Beijing (04:00 UTC), inside its own UTC day. */
export function dayTimestamp(day: string): number {
  return Date.parse(`${day}T04:00:00Z`);
}

/**
 * Adds how many chat webhooks failed to `metrics`; nothing when none did, so the metric (and its
 * cost) exists only on a day with a failure.
 */
export function recordNotifyFailures(metrics: Metrics, failed: number): void {
  if (failed > 0) metrics.addMetric(NOTIFY_FAILED_METRIC, MetricUnit.Count, failed);
}

/**
 * Publishes every written app's figures that `level` keeps to `appMetrics` (namespace
 * `ChatOpsdata/Apps`, no default dimensions): one EMF document per app and day still inside
 * CloudWatch's window, then, at `all`, the app's anomaly count at `now`. Re-sending a day on the
 * next run is harmless: the dashboard and alarms read `Maximum`.
 */
export function publishAppMetrics(
  appMetrics: Metrics,
  summary: RunSummary,
  now: Date,
  level: AppMetricsLevel = 'all',
): void {
  const figures = APP_FIGURES_AT[level];
  const written = summary.apps.filter((app): app is AppSnapshot => app.ok);
  for (const app of written) {
    const id = String(app.sdkAppId);
    for (const { day, values } of app.digest.recent) {
      const timestamp = dayTimestamp(day);
      if (timestamp < now.getTime() - OLDEST_ACCEPTED_MS || timestamp > now.getTime()) continue;
      let anyFigure = false;
      for (const figure of figures) {
        const name = APP_METRIC[figure];
        const value = values[figure];
        if (value === null) continue;
        const unit = figure === 'callback_success_rate' ? MetricUnit.Percent : MetricUnit.Count;
        appMetrics.addMetric(name, unit, value);
        anyFigure = true;
      }
      if (!anyFigure) continue;
      appMetrics.addDimension(APP_DIMENSION, id);
      appMetrics.setTimestamp(timestamp);
      appMetrics.publishStoredMetrics();
    }
    if (level !== 'all') continue;
    appMetrics.addDimension(APP_DIMENSION, id);
    appMetrics.setTimestamp(now);
    appMetrics.addMetric(APP_ANOMALIES_METRIC, MetricUnit.Count, app.digest.anomalies.length);
    appMetrics.publishStoredMetrics();
  }
}
