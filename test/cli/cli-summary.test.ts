import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../functions/cli/cli-summary.js';
import type { Digest, DigestMetric } from '../../functions/digest/digest.js';
import type { AppFailed, AppSnapshot, RunSummary } from '../../functions/run/snapshot-pipeline.js';

const written = (id: number) => [
  `snapshots/raw/getappinfo/dt=2026-11-28/${id}.json`,
  `snapshots/getappinfo/dt=2026-11-28/${id}.json`,
];

const figure = (id: DigestMetric['id'], value: number, changePct: number): DigestMetric => ({
  id,
  label: id,
  unit: 'count',
  value,
  dayBefore: null,
  weekAgo: null,
  median7: null,
  changePct,
  changePoints: null,
});

/** The first demo app's day in the README: three figures against a week earlier, no anomaly. */
const chatDigest: Digest = {
  day: '2026-11-27',
  metrics: [
    figure('active_users', 3495, -9.1),
    figure('login_users', 3003, -16.2),
    figure('messages_up', 31584, 17.9),
  ],
  anomalies: [],
  recent: [],
};

const SPIKE =
  'Messages up rose to 194,349 on Fri 2026-11-27, 4.3× of 44,736 on Fri 2026-11-20 a week earlier (messages_spike: ≥ 3×).';

const noDays: Digest = { day: null, metrics: [], anomalies: [], recent: [] };

const ok = (id: number, change: Partial<AppSnapshot> = {}): AppSnapshot => ({
  sdkAppId: id,
  ok: true,
  appName: null,
  company: null,
  rows: 30,
  days: { from: '2026-10-29', to: '2026-11-27' },
  written: written(id),
  attempts: 1,
  latencyMs: 30,
  elapsedMs: 39,
  digest: chatDigest,
  ...change,
});

const failed = (id: number, change: Partial<AppFailed> = {}): AppFailed => ({
  sdkAppId: id,
  ok: false,
  written: [],
  attempts: 1,
  elapsedMs: 40,
  error: { name: 'GetAppInfoError', message: `getappinfo failed for app ${id}: 70020 x` },
  ...change,
});

const summary = (...apps: RunSummary['apps']): RunSummary => ({
  runId: 'run-1',
  dt: '2026-11-28',
  ok: apps.every((a) => a.ok),
  apps,
  skipped: [],
  notWritten: apps.filter((a) => !a.ok).map((a) => a.sdkAppId),
});

describe('formatSummary', () => {
  it('prints the README’s example: the run, then each app, its digest line, its anomalies and files', () => {
    const live = ok(1400000002, {
      appName: 'Demo Live',
      elapsedMs: 28,
      digest: {
        ...chatDigest,
        anomalies: [{ rule: 'messages_spike', day: '2026-11-27', message: SPIKE }],
      },
    });
    const text = formatSummary(summary(ok(1400000001, { appName: 'Demo Chat' }), live));
    expect(text.split('\n')).toEqual([
      'chat-opsdata snapshot dt=2026-11-28: 2 of 2 apps written, 1 anomaly (run run-1)',
      '  ok     1400000001  Demo Chat  30 rows  2026-10-29 … 2026-11-27  1 attempt  39 ms',
      '         Fri 11-27 vs Fri 11-20: active 3,495 −9.1% · login 3,003 −16.2% · up 31,584 +17.9%',
      '         snapshots/raw/getappinfo/dt=2026-11-28/1400000001.json',
      '         snapshots/getappinfo/dt=2026-11-28/1400000001.json',
      '  ok     1400000002  Demo Live  30 rows  2026-10-29 … 2026-11-27  1 attempt  28 ms',
      '         Fri 11-27 vs Fri 11-20: active 3,495 −9.1% · login 3,003 −16.2% · up 31,584 +17.9%',
      '       ! Messages up rose to 194,349 on Fri 2026-11-27, 4.3× of 44,736 on Fri 2026-11-20 a week',
      '         earlier (messages_spike: ≥ 3×).',
      '         snapshots/raw/getappinfo/dt=2026-11-28/1400000002.json',
      '         snapshots/getappinfo/dt=2026-11-28/1400000002.json',
    ]);
  });

  it('counts the apps written and the anomalies, and says row, attempt and app in the singular for one', () => {
    const text = formatSummary(
      summary(ok(7, { rows: 1, days: { from: '2026-11-27', to: '2026-11-27' }, attempts: 2 })),
    );
    expect(text.split('\n').slice(0, 2)).toEqual([
      'chat-opsdata snapshot dt=2026-11-28: 1 of 1 app written, 0 anomalies (run run-1)',
      '  ok     7  1 row  2026-11-27 … 2026-11-27  2 attempts  39 ms',
    ]);
  });

  it('says "no days" for an app whose answer had none', () => {
    const { days: _none, ...app } = ok(7, { rows: 0, digest: noDays });
    expect(formatSummary(summary(app)).split('\n').slice(1, 3)).toEqual([
      '  ok     7  0 rows  no days  1 attempt  39 ms',
      '         no days in this snapshot',
    ]);
  });

  it('prints a failed app with its error, its hint and what was kept', () => {
    const text = formatSummary(
      summary(
        ok(1),
        failed(2, {
          attempts: 3,
          written: ['snapshots/raw/getappinfo/dt=2026-11-28/2.json'],
          error: {
            name: 'StoreError',
            message: 'could not write snapshots/getappinfo/dt=2026-11-28/2.json (EACCES)',
            hint: 'check the folder',
          },
        }),
        failed(3),
      ),
    );
    expect(text.split('\n')).toEqual([
      'chat-opsdata snapshot dt=2026-11-28: 1 of 3 apps written, 0 anomalies (run run-1)',
      '  ok     1  30 rows  2026-10-29 … 2026-11-27  1 attempt  39 ms',
      '         Fri 11-27 vs Fri 11-20: active 3,495 −9.1% · login 3,003 −16.2% · up 31,584 +17.9%',
      ...written(1).map((w) => `         ${w}`),
      '  FAILED 2  after 3 attempts, 40 ms',
      '         could not write snapshots/getappinfo/dt=2026-11-28/2.json (EACCES)',
      '         hint: check the folder',
      '         kept: snapshots/raw/getappinfo/dt=2026-11-28/2.json',
      '  FAILED 3  after 1 attempt, 40 ms',
      '         getappinfo failed for app 3: 70020 x',
    ]);
  });

  it('prints a hint once: not again when the message already ends with it', () => {
    const message =
      'getappinfo failed for app 2: 70020 SDKAppID not found — is "region" right for this app?';
    const text = formatSummary(
      summary(
        failed(2, {
          error: { name: 'GetAppInfoError', message, hint: 'is "region" right for this app?' },
        }),
      ),
    );
    expect(text.split('\n').slice(1)).toEqual([
      '  FAILED 2  after 1 attempt, 40 ms',
      `         ${message}`,
    ]);
  });

  it('keeps every line within 100 columns: digest lines break between figures, anomalies between words', () => {
    const wide: Digest = {
      ...chatDigest,
      metrics: [
        figure('active_users', 12_345_678, -12.3),
        figure('login_users', 11_234_567, -14.6),
        figure('messages_up', 987_654_321, 369.5),
        figure('messages_down', 1_987_654_321, 578.4),
        figure('peak_online', 1_234_567, 12.7),
        figure('new_registrations', 123_456, 23.9),
      ],
      anomalies: [{ rule: 'messages_spike', day: '2026-11-27', message: SPIKE }],
    };
    const app = ok(1400000002, {
      appName: 'A rather long application name of forty c',
      digest: wide,
    });
    const lines = formatSummary(summary(app, app, failed(3))).split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(100);
    expect(lines.filter((l) => l.endsWith(' ·')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('formatSummary: apps already written for the day', () => {
  it('names each skipped app with the run that wrote it, after the apps this run took', () => {
    const text = formatSummary({
      ...summary(failed(3)),
      skipped: [
        {
          sdkAppId: 1,
          marker: 'snapshots/days/getappinfo/runs/dt=2026-11-28/1.done',
          doneBy: {
            runId: 'run-0',
            writtenAt: '2026-11-28T02:30:05.000Z',
            rows: 30,
            days: { from: '2026-10-29', to: '2026-11-27' },
          },
        },
        {
          sdkAppId: 2,
          marker: 'snapshots/days/getappinfo/runs/dt=2026-11-28/2.done',
          doneBy: undefined,
        },
      ],
    });
    expect(text.split('\n')).toEqual([
      'chat-opsdata snapshot dt=2026-11-28: 0 of 1 app written, 2 skipped as already written (--force replaces them), 0 anomalies',
      '  (run run-1)',
      '  FAILED 3  after 1 attempt, 40 ms',
      '         getappinfo failed for app 3: 70020 x',
      // Within 100 columns, broken between words; a path stays whole.
      '  skip   1  already written for 2026-11-28 by run run-0 at 2026-11-28T02:30:05.000Z, 30 rows',
      '         2026-10-29 … 2026-11-27',
      '  skip   2  already written for 2026-11-28 (its done marker',
      '         snapshots/days/getappinfo/runs/dt=2026-11-28/2.done is not one this version reads)',
    ]);
  });

  it('leaves out the days of a skipped app whose marker names none', () => {
    const text = formatSummary({
      ...summary(failed(3)),
      skipped: [
        {
          sdkAppId: 5,
          marker: 'snapshots/days/getappinfo/runs/dt=2026-11-28/5.done',
          doneBy: { runId: 'run-0', writtenAt: '2026-11-28T02:30:05.000Z', rows: 0 },
        },
      ],
    });
    expect(text.split('\n').at(-1)).toBe(
      '  skip   5  already written for 2026-11-28 by run run-0 at 2026-11-28T02:30:05.000Z, 0 rows',
    );
  });

  it('prints an error message from the API as one line that cannot clear the screen or forge a line', () => {
    const text = formatSummary(
      summary(
        failed(4, {
          error: {
            name: 'GetAppInfoError',
            message:
              'getappinfo failed for app 4: 91234 x\u001b[2J\u001b]0;owned\u0007\r\n  ok     1400009999  forged\u202e',
          },
        }),
      ),
    );
    expect(text.split('\n')).toEqual([
      'chat-opsdata snapshot dt=2026-11-28: 0 of 1 app written, 0 anomalies (run run-1)',
      '  FAILED 4  after 1 attempt, 40 ms',
      '         getappinfo failed for app 4: 91234 x ok     1400009999  forged\uFFFD',
    ]);
  });
});
