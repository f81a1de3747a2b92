/**
 * The per-app EMF documents as Powertools prints them: which days go out, stamped when, with which
 * units, and nothing for a day without figures. The printed lines are read back as JSON.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  dayTimestamp,
  publishAppMetrics,
  recordNotifyFailures,
  recordRunNotStarted,
} from '../../functions/aws/emf-metrics.js';
import {
  APP_METRICS_LEVELS,
  APP_METRICS_NAMESPACE,
  type AppMetricsLevel,
  appMetricNames,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../../functions/core/metric-names.js';
import type { DayFigures, Digest } from '../../functions/digest/digest.js';
import type { AppSnapshot, RunSummary } from '../../functions/run/snapshot-pipeline.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let printed: string[];
beforeEach(() => {
  printed = [];
  const capture = (chunk: unknown) => {
    printed.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => vi.restoreAllMocks());

interface Emf {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: {
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

const documents = (): Emf[] =>
  printed
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Emf);

const full = (day: string, active: number | null = 100): DayFigures => ({
  day,
  values: {
    active_users: active,
    login_users: 90,
    messages_up: 1_000,
    messages_down: 3_000,
    peak_online: 10,
    new_registrations: 5,
    total_registrations: 50_000,
    callback_success_rate: 99.5,
  },
});

function run(recent: DayFigures[], anomalies = 0): RunSummary {
  const digest: Digest = {
    day: recent.at(-1)?.day ?? null,
    metrics: [],
    anomalies: Array.from({ length: anomalies }, () => ({
      rule: 'dau_drop' as const,
      day: '2026-11-27',
      message: 'x',
    })),
    recent,
  };
  const app: AppSnapshot = {
    sdkAppId: 1400000000,
    ok: true,
    appName: null,
    company: null,
    rows: recent.length,
    written: [],
    attempts: 1,
    latencyMs: 1,
    elapsedMs: 1,
    digest,
  };
  return { runId: 'r', dt: '2026-11-28', ok: true, apps: [app], skipped: [], notWritten: [] };
}

function publish(summary: RunSummary, now: Date, level?: AppMetricsLevel) {
  const metrics = new Metrics({ namespace: APP_METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  metrics.clearDefaultDimensions();
  publishAppMetrics(metrics, summary, now, level);
  return documents();
}

const names = (docs: Emf[]) =>
  [
    ...new Set(docs.flatMap((d) => d._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name) ?? [])),
  ].sort();

describe('publishAppMetrics', () => {
  it('stamps each day at 04:00 UTC (12:00 Beijing)', () => {
    expect(new Date(dayTimestamp('2026-11-27')).toISOString()).toBe('2026-11-27T04:00:00.000Z');
  });

  it("keeps a day exactly at the window's edge (14 days less an hour) and drops one a moment older", () => {
    // now - 14 days + 1 hour is 2026-11-14T04:00Z, the stamp of 2026-11-14.
    const now = new Date(Date.parse('2026-11-14T04:00:00Z') + 14 * DAY - HOUR);
    const days = publish(run([full('2026-11-13'), full('2026-11-14'), full('2026-11-15')]), now)
      .filter((d) => 'ActiveUsers' in d)
      .map((d) => new Date(d._aws.Timestamp).toISOString().slice(0, 10));
    expect(days).toEqual(['2026-11-14', '2026-11-15']);
  });

  it('drops a day stamped exactly 14 days before the run: CloudWatch needs the hour of margin', () => {
    const now = new Date(Date.parse('2026-11-14T04:00:00Z') + 14 * DAY);
    const days = publish(run([full('2026-11-14'), full('2026-11-15')]), now)
      .filter((d) => 'ActiveUsers' in d)
      .map((d) => new Date(d._aws.Timestamp).toISOString().slice(0, 10));
    expect(days).toEqual(['2026-11-15']);
  });

  it('sends no day stamped after the run, and a day stamped exactly at it', () => {
    const now = new Date('2026-11-27T04:00:00Z');
    const days = publish(run([full('2026-11-26'), full('2026-11-27'), full('2026-11-28')]), now)
      .filter((d) => 'ActiveUsers' in d)
      .map((d) => new Date(d._aws.Timestamp).toISOString().slice(0, 10));
    expect(days).toEqual(['2026-11-26', '2026-11-27']);
  });

  it('gives the callback rate in Percent and the rest as Count, under SdkAppId alone', () => {
    const [day] = publish(run([full('2026-11-27')]), new Date('2026-11-28T02:00:00Z'));
    const definition = day?._aws.CloudWatchMetrics[0];
    expect(definition?.Dimensions).toEqual([['SdkAppId']]);
    expect(Object.fromEntries((definition?.Metrics ?? []).map((m) => [m.Name, m.Unit]))).toEqual({
      ActiveUsers: 'Count',
      MessagesUp: 'Count',
      MessagesDown: 'Count',
      PeakOnline: 'Count',
      NewRegistrations: 'Count',
      CallbackSuccessRate: 'Percent',
    });
    expect(day).toMatchObject({
      SdkAppId: '1400000000',
      ActiveUsers: 100,
      CallbackSuccessRate: 99.5,
    });
  });

  it('leaves out a figure without a value, and a day without any figure, with no warning', () => {
    const empty: DayFigures = {
      day: '2026-11-26',
      values: {
        active_users: null,
        login_users: null,
        messages_up: null,
        messages_down: null,
        peak_online: null,
        new_registrations: null,
        total_registrations: null,
        callback_success_rate: null,
      },
    };
    const docs = publish(run([empty, full('2026-11-27', null)]), new Date('2026-11-28T02:00:00Z'));
    const days = docs.filter((d) => 'MessagesUp' in d);
    expect(days).toHaveLength(1);
    expect(days[0]).not.toHaveProperty('ActiveUsers');
    expect(new Date(days[0]?._aws.Timestamp ?? 0).toISOString()).toBe('2026-11-27T04:00:00.000Z');
    expect(printed.join('')).not.toMatch(/No application metrics/);
    expect(docs.filter((d) => !('MessagesUp' in d) && !('Anomalies' in d))).toEqual([]);
  });

  it("sends the app's anomaly count stamped at the run", () => {
    const now = new Date('2026-11-28T02:31:07Z');
    const docs = publish(run([full('2026-11-27')], 2), now);
    expect(docs.filter((d) => 'Anomalies' in d)).toEqual([
      expect.objectContaining({
        Anomalies: 2,
        SdkAppId: '1400000000',
        _aws: expect.objectContaining({ Timestamp: now.getTime() }),
      }),
    ]);
  });

  it('sends only active users and messages up at level key, and no anomaly count', () => {
    const docs = publish(
      run([full('2026-11-26'), full('2026-11-27')], 1),
      new Date('2026-11-28T02:00:00Z'),
      'key',
    );
    expect(names(docs)).toEqual(['ActiveUsers', 'MessagesUp']);
    expect(docs).toHaveLength(2);
  });

  it('sends nothing at level none', () => {
    expect(publish(run([full('2026-11-27')], 1), new Date('2026-11-28T02:00:00Z'), 'none')).toEqual(
      [],
    );
  });

  it('sends nothing for an app this run could not write: it has no figures', () => {
    const written = run([full('2026-11-27')], 1);
    const failed: RunSummary = {
      ...written,
      ok: false,
      apps: [
        {
          sdkAppId: 1400000009,
          ok: false,
          written: [],
          attempts: 3,
          elapsedMs: 1,
          error: { name: 'GetAppInfoError', message: 'x' },
        },
        ...written.apps,
      ],
      notWritten: [1400000009],
    };
    const docs = publish(failed, new Date('2026-11-28T02:00:00Z'));
    expect(docs).toHaveLength(2);
    expect(docs.map((d) => d.SdkAppId)).toEqual(['1400000000', '1400000000']);
  });

  it('sends all six figures and the anomaly count at level all, the default', () => {
    const now = new Date('2026-11-28T02:00:00Z');
    const all = names(publish(run([full('2026-11-27')], 1), now, 'all'));
    printed = [];
    expect(names(publish(run([full('2026-11-27')], 1), now))).toEqual(all);
    expect(all).toEqual([
      'ActiveUsers',
      'Anomalies',
      'CallbackSuccessRate',
      'MessagesDown',
      'MessagesUp',
      'NewRegistrations',
      'PeakOnline',
    ]);
  });
});

describe('recordNotifyFailures', () => {
  const flush = (failed: number) => {
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
    recordNotifyFailures(metrics, failed);
    metrics.publishStoredMetrics();
    return documents().filter((d) => 'NotificationsFailed' in d);
  };

  it('counts the failed webhooks under the run dimension', () => {
    expect(flush(2)).toEqual([
      expect.objectContaining({ NotificationsFailed: 2, service: SERVICE_NAME }),
    ]);
  });

  it('sends nothing when no webhook failed, so the metric costs nothing on a good day', () => {
    expect(flush(0)).toEqual([]);
  });
});

describe('recordRunNotStarted', () => {
  it('counts one app not written and an incomplete day for a run that could not begin', () => {
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
    recordRunNotStarted(metrics);
    metrics.publishStoredMetrics();
    expect(documents()).toEqual([
      expect.objectContaining({ AppsNotWritten: 1, DayIncomplete: 1, service: SERVICE_NAME }),
    ]);
  });
});

// appMetricNames (functions/core/metric-names.ts) prices the per-app metrics in docs/deploy.md
// (tools/docs/cost-table.ts): it must name exactly what publishAppMetrics sends at each level.
describe('appMetricNames', () => {
  it.each(APP_METRICS_LEVELS)('names what the function sends per app at level %s', (level) => {
    // One app with every figure on the day before the run, and one anomaly.
    const docs = publish(run([full('2026-11-27')], 1), new Date('2026-11-28T02:00:00Z'), level);
    const sent = docs.flatMap((d) =>
      d._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name)),
    );
    expect([...appMetricNames(level)].sort()).toEqual([...new Set(sent)].sort());
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
