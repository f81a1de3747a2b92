import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../functions/lib/cli-summary.js';
import type { AppFailed, AppSnapshot, RunSummary } from '../../functions/lib/snapshot-pipeline.js';

const written = (id: number) => [
  `snapshots/raw/getappinfo/dt=2026-11-28/${id}.json`,
  `snapshots/getappinfo/dt=2026-11-28/${id}.json`,
];

const ok = (id: number, change: Partial<AppSnapshot> = {}): AppSnapshot => ({
  sdkAppId: id,
  ok: true,
  rows: 30,
  days: { from: '2026-10-29', to: '2026-11-27' },
  written: written(id),
  attempts: 1,
  latencyMs: 100,
  elapsedMs: 117,
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
});

describe('formatSummary', () => {
  it('prints the README’s example: a head line, then one line per app and its files', () => {
    expect(formatSummary(summary(ok(1400000001), ok(1400000002, { elapsedMs: 95 })))).toBe(
      [
        'chat-opsdata snapshot dt=2026-11-28 (run run-1): 2 of 2 apps written',
        '  ok     1400000001  30 rows  2026-10-29 … 2026-11-27  1 attempt  117 ms',
        '         snapshots/raw/getappinfo/dt=2026-11-28/1400000001.json',
        '         snapshots/getappinfo/dt=2026-11-28/1400000001.json',
        '  ok     1400000002  30 rows  2026-10-29 … 2026-11-27  1 attempt  95 ms',
        '         snapshots/raw/getappinfo/dt=2026-11-28/1400000002.json',
        '         snapshots/getappinfo/dt=2026-11-28/1400000002.json',
      ].join('\n'),
    );
  });

  it('counts the apps written, and says row, attempt and app in the singular for one', () => {
    const text = formatSummary(
      summary(ok(7, { rows: 1, days: { from: '2026-11-27', to: '2026-11-27' }, attempts: 2 })),
    );
    expect(text.split('\n').slice(0, 2)).toEqual([
      'chat-opsdata snapshot dt=2026-11-28 (run run-1): 1 of 1 app written',
      '  ok     7  1 row  2026-11-27 … 2026-11-27  2 attempts  117 ms',
    ]);
  });

  it('says "no days" for an app whose answer had none', () => {
    const { days: _none, ...noDays } = ok(7, { rows: 0 });
    expect(formatSummary(summary(noDays)).split('\n')[1]).toBe(
      '  ok     7  0 rows  no days  1 attempt  117 ms',
    );
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
      'chat-opsdata snapshot dt=2026-11-28 (run run-1): 1 of 3 apps written',
      '  ok     1  30 rows  2026-10-29 … 2026-11-27  1 attempt  117 ms',
      ...written(1).map((w) => `         ${w}`),
      '  FAILED 2  after 3 attempts, 40 ms',
      '         could not write snapshots/getappinfo/dt=2026-11-28/2.json (EACCES)',
      '         hint: check the folder',
      '         kept: snapshots/raw/getappinfo/dt=2026-11-28/2.json',
      '  FAILED 3  after 1 attempt, 40 ms',
      '         getappinfo failed for app 3: 70020 x',
    ]);
  });
});
