/**
 * appMetricNames prices the per-app metrics in docs/deploy.md (tools/docs/cost-table.ts): it must
 * name exactly what publishAppMetrics sends at each level, read back from the EMF it prints.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publishAppMetrics } from '../../functions/aws/emf-metrics.js';
import {
  APP_METRICS_LEVELS,
  APP_METRICS_NAMESPACE,
  type AppMetricsLevel,
  appMetricNames,
  SERVICE_NAME,
} from '../../functions/core/metric-names.js';
import type { RunSummary } from '../../functions/run/snapshot-pipeline.js';

afterEach(() => vi.restoreAllMocks());

const NOW = new Date('2026-11-28T02:00:00Z');

/** One app with every figure on the day before the run, and one anomaly. */
const RUN: RunSummary = {
  runId: 'r',
  dt: '2026-11-28',
  ok: true,
  apps: [
    {
      sdkAppId: 1400000000,
      ok: true,
      appName: null,
      company: null,
      rows: 1,
      written: [],
      attempts: 1,
      latencyMs: 1,
      elapsedMs: 1,
      digest: {
        day: '2026-11-27',
        metrics: [],
        anomalies: [{ rule: 'dau_drop', day: '2026-11-27', message: 'x' }],
        recent: [
          {
            day: '2026-11-27',
            values: {
              active_users: 100,
              login_users: 90,
              messages_up: 1_000,
              messages_down: 3_000,
              peak_online: 10,
              new_registrations: 5,
              total_registrations: 50_000,
              callback_success_rate: 99.5,
            },
          },
        ],
      },
    },
  ],
  skipped: [],
  notWritten: [],
};

/** The metric names of the EMF documents publishAppMetrics prints at `level`. */
function sentNames(level: AppMetricsLevel): string[] {
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    printed.push(String(chunk));
    return true;
  });
  const metrics = new Metrics({ namespace: APP_METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  metrics.clearDefaultDimensions();
  publishAppMetrics(metrics, RUN, NOW, level);
  vi.restoreAllMocks();
  return printed
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) =>
      (
        JSON.parse(line) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } }
      )._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((metric) => metric.Name)),
    );
}

describe('appMetricNames', () => {
  it.each(APP_METRICS_LEVELS)('names what the function sends per app at level %s', (level) => {
    expect([...appMetricNames(level)].sort()).toEqual([...new Set(sentNames(level))].sort());
  });

  // docs/deploy.md: `all` is six figures and the anomaly count, `key` active users and messages up.
  it.each([
    ['all', 7],
    ['key', 2],
    ['none', 0],
  ] as const)('counts %s as %i metrics, each once', (level, count) => {
    const names = appMetricNames(level);
    expect(names).toHaveLength(count);
    expect(new Set(names).size).toBe(count);
  });
});
