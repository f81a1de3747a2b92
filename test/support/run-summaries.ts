/** Run summaries written by hand, for the pure tests of what is made from a run (chat messages). */
import type { Anomaly } from '../../functions/digest/anomaly-rules.js';
import type { Digest, DigestMetric } from '../../functions/digest/digest.js';
import type {
  AppFailed,
  AppResult,
  AppSnapshot,
  RunSummary,
} from '../../functions/run/snapshot-pipeline.js';

export const metric = (
  id: DigestMetric['id'],
  value: number | null,
  changePct: number | null,
  unit: DigestMetric['unit'] = 'count',
): DigestMetric => ({
  id,
  label: id,
  unit,
  value,
  dayBefore: null,
  weekAgo: null,
  median7: null,
  changePct,
  // A rate's change is in points: the helper's change stands for those.
  changePoints: unit === 'percent' ? changePct : null,
});

/** A quiet day: 3,428 active users (+8.0 %), 24,047 messages up (−29.6 %), 79,804 down (±0.0 %). */
export const QUIET: Digest = {
  day: '2026-11-27',
  metrics: [
    metric('active_users', 3428, 8),
    metric('login_users', 2919, -1.3),
    metric('messages_up', 24047, -29.6),
    metric('messages_down', 79804, 0),
    metric('peak_online', 410, 2),
    metric('new_registrations', 110, null),
    metric('total_registrations', 281712, 0.2),
    metric('callback_success_rate', 99.7, 0.1, 'percent'),
  ],
  anomalies: [],
  recent: [],
};

export const SPIKE: Anomaly = {
  rule: 'messages_spike',
  day: '2026-11-27',
  message:
    'Messages up rose to 194,349 on Fri 2026-11-27, 4.3× of 44,736 on Fri 2026-11-20 a week earlier (messages_spike: ≥ 3×).',
  value: 194349,
  baseline: 44736,
  baselineDay: '2026-11-20',
};

export const DAU_DROP: Anomaly = {
  rule: 'dau_drop',
  day: '2026-11-27',
  message:
    'Active users fell to 70 on Fri 2026-11-27, 70.0 % of 100 on Fri 2026-11-20 a week earlier (dau_drop: ≤ 70.0 %).',
  value: 70,
  baseline: 100,
  baselineDay: '2026-11-20',
};

export function written(
  sdkAppId: number,
  appName: string | null,
  digest: Digest = QUIET,
): AppSnapshot {
  return {
    sdkAppId,
    ok: true,
    appName,
    company: 'Example Corp',
    rows: 30,
    days: { from: '2026-10-29', to: digest.day ?? '2026-11-27' },
    written: [],
    attempts: 1,
    latencyMs: 100,
    elapsedMs: 120,
    digest,
  };
}

export function failed(sdkAppId: number, message: string, hint?: string): AppFailed {
  return {
    sdkAppId,
    ok: false,
    written: [],
    attempts: 1,
    elapsedMs: 40,
    error: { name: 'GetAppInfoError', message, ...(hint === undefined ? {} : { hint }) },
  };
}

export const summary = (apps: AppResult[], dt = '2026-11-28'): RunSummary => ({
  runId: 'run-1',
  dt,
  ok: apps.every((a) => a.ok),
  apps,
  skipped: [],
  notWritten: apps.filter((a) => !a.ok).map((a) => a.sdkAppId),
});
