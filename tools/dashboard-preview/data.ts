/**
 * Plausible data for the dashboard preview, made by the function's own code: the simulator's
 * getappinfo days go through the response parser, the row normalizer and the digest, and
 * `publishAppMetrics` / `recordRunMetrics` emit the data points into a recorder instead of EMF.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { publishAppMetrics, recordRunMetrics } from '../../functions/aws/emf-metrics.js';
import { DAY_MS, dayIn } from '../../functions/core/dates.js';
import {
  APP_METRICS_NAMESPACE,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../../functions/core/metric-names.js';
import { toRow } from '../../functions/core/opsdata-rows.js';
import type { Anomaly } from '../../functions/digest/anomaly-rules.js';
import { digestOf } from '../../functions/digest/digest.js';
import { parseGetAppInfoBody } from '../../functions/getappinfo/response.js';
import { snapshotWrittenKeys } from '../../functions/lambda/snapshot-handler.js';
import type { AppSnapshot, RunSummary } from '../../functions/run/snapshot-pipeline.js';
import { reportedDays, type SimulatedApp, simulatedDay } from '../../simulator/data.js';
import { manyDemoApps } from '../../simulator/demo.js';
import { flatten, type LogEvent } from './logs-insights.js';

/** One value sent to CloudWatch. */
export interface DataPoint {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Epoch ms. */
  readonly time: number;
  readonly value: number;
  /** The EMF unit: `Count`, `Percent`, `Milliseconds`. */
  readonly unit: string;
}

/** The preview's clock: a run at 10:30 Beijing time, the schedule's default (cdk.json). */
export const PREVIEW_NOW = new Date('2026-11-28T02:30:00Z');
/** The run's time zone (cdk.json `chat-opsdata:timeZone`). */
const TIME_ZONE = 'Asia/Shanghai';

/**
 * Records what the function would send: the subset of Powertools' `Metrics` that
 * record-metrics.ts calls, with `service` as the default dimension when `service` is set.
 */
class MetricsRecorder {
  readonly points: DataPoint[] = [];
  #stored: [string, string, number][] = [];
  #dimensions: Record<string, string> = {};
  #time: number | undefined;

  constructor(
    private readonly namespace: string,
    private readonly defaults: Record<string, string>,
    private readonly now: Date,
  ) {}

  addMetric(name: string, unit: string, value: number): void {
    this.#stored.push([name, unit, value]);
  }
  addDimension(name: string, value: string): void {
    this.#dimensions[name] = value;
  }
  setTimestamp(time: number | Date): void {
    this.#time = typeof time === 'number' ? time : time.getTime();
  }
  publishStoredMetrics(): void {
    const dimensions = { ...this.defaults, ...this.#dimensions };
    const time = this.#time ?? this.now.getTime();
    for (const [metricName, unit, value] of this.#stored) {
      this.points.push({ namespace: this.namespace, metricName, dimensions, time, value, unit });
    }
    this.#stored = [];
    this.#dimensions = {};
    this.#time = undefined;
  }
  /** The recorder where record-metrics.ts expects Powertools' class (it calls nothing else). */
  asMetrics(): Metrics {
    return this as unknown as Metrics;
  }
}

/** The two demo apps, then simulated ones (`Sim App 3`, …) up to `count`. */
export function previewApps(count: number): SimulatedApp[] {
  // Without Demo Live's group spam: it follows the real clock, and the picture must not.
  return manyDemoApps(count).map((app) => ({ ...app, customize: undefined }));
}

/** One app's snapshot as the pipeline would make it from the simulator's 30 days at `now`. */
function snapshotOf(app: SimulatedApp, now: Date, latencyMs: number): AppSnapshot {
  const result = reportedDays(now).map((date) => simulatedDay(app, date));
  const body = JSON.stringify({ ErrorCode: 0, ErrorInfo: 'OK', Result: result });
  const rows = parseGetAppInfoBody(body, app.sdkAppId, { now }).map((day) =>
    toRow(day, {
      sdkAppId: app.sdkAppId,
      requestFields: undefined,
      extractedAt: now,
      runId: 'preview',
    }),
  );
  return {
    sdkAppId: app.sdkAppId,
    ok: true,
    appName: app.appName,
    company: app.company,
    rows: rows.length,
    written: [],
    attempts: 1,
    latencyMs,
    elapsedMs: latencyMs,
    digest: digestOf(rows, { runDate: dayIn(now, TIME_ZONE) }),
  };
}

/**
 * The per-app figures one run at `now` publishes (namespace `ChatOpsdata/Apps`): the last 14
 * days of every app, exactly as `publishAppMetrics` sends them.
 */
export function simulatedAppPoints(apps: readonly SimulatedApp[], now: Date): DataPoint[] {
  const recorder = new MetricsRecorder(APP_METRICS_NAMESPACE, {}, now);
  const summary: RunSummary = {
    runId: 'preview',
    dt: dayIn(now, TIME_ZONE),
    ok: true,
    apps: apps.map((app) => snapshotOf(app, now, 200)),
    skipped: [],
    notWritten: [],
  };
  publishAppMetrics(recorder.asMetrics(), summary, now);
  return recorder.points;
}

/**
 * The function's `snapshot written` line of every app for the run at `now`, by the handler's own
 * code, flattened as Logs Insights sees a JSON line (what the table of every app queries).
 */
export function simulatedLogEvents(apps: readonly SimulatedApp[], now: Date): LogEvent[] {
  return apps.map((app) =>
    flatten({
      level: 'INFO',
      message: 'snapshot written',
      timestamp: now.toISOString(),
      ...snapshotWrittenKeys(snapshotOf(app, now, 200)),
    }),
  );
}

/** A deterministic number in [0, 1) for the `n`th run: no Math.random, the picture is stable. */
const jitter = (n: number, salt: number) =>
  (Math.sin(n * 12.9898 + salt * 78.233) * 43758.5453) % 1;

/**
 * The run metrics (namespace `ChatOpsdata`) of `days` daily runs up to `now`, every app written:
 * latencies of 100–400 ms, one attempt with a second one now and then, and one anomaly on one day.
 */
export function simulatedRunPoints(appCount: number, now: Date, days = 30): DataPoint[] {
  const points: DataPoint[] = [];
  const anomaly: Anomaly = { rule: 'messages_spike', day: '', message: 'simulated' };
  for (let d = days - 1; d >= 0; d--) {
    const at = new Date(now.getTime() - d * DAY_MS);
    const recorder = new MetricsRecorder(METRICS_NAMESPACE, { service: SERVICE_NAME }, at);
    const apps = Array.from({ length: appCount }, (_, i): AppSnapshot => {
      const r = Math.abs(jitter(d, i));
      return {
        sdkAppId: 1400000001 + i,
        ok: true,
        appName: null,
        company: null,
        rows: 30,
        written: [],
        attempts: i === 0 && d % 9 === 4 ? 2 : 1,
        latencyMs: Math.round(100 + 300 * r),
        elapsedMs: 0,
        digest: {
          day: null,
          metrics: [],
          anomalies: i === 0 && d === 6 ? [anomaly] : [],
          recent: [],
        },
      };
    });
    recordRunMetrics(recorder.asMetrics(), {
      runId: `run-${d}`,
      dt: '',
      ok: true,
      apps,
      skipped: [],
      notWritten: [],
    });
    recorder.publishStoredMetrics();
    points.push(...recorder.points);
  }
  return points;
}
