import { describe, expect, it } from 'vitest';
import { RunFailedError } from '../../functions/core/errors.js';
import { runFailure } from '../../functions/run/run-outcome.js';
import type { AppResult, RunSummary } from '../../functions/run/snapshot-pipeline.js';

const ok = (id: number): AppResult => ({
  sdkAppId: id,
  ok: true,
  appName: null,
  company: null,
  digest: { day: null, metrics: [], anomalies: [], recent: [] },
  rows: 30,
  written: [],
  attempts: 1,
  latencyMs: 10,
  elapsedMs: 12,
});
const failed = (id: number, attempts: number, message: string): AppResult => ({
  sdkAppId: id,
  ok: false,
  written: [],
  attempts,
  elapsedMs: 12,
  error: { name: 'GetAppInfoError', message },
});
const summary = (...apps: AppResult[]): RunSummary => ({
  runId: 'r',
  dt: '2026-11-28',
  ok: apps.every((a) => a.ok),
  apps,
  skipped: [],
  notWritten: apps.filter((a) => !a.ok).map((a) => a.sdkAppId),
});

describe('runFailure', () => {
  it('is undefined when every app was written', () => {
    expect(runFailure(summary(ok(1), ok(2)))).toBeUndefined();
  });

  it('names each failed app with its error, and the attempts when there was more than one', () => {
    const error = runFailure(
      summary(ok(1), failed(2, 1, 'wrong region'), ok(3), failed(4, 5, 'timed out')),
    );
    expect(error).toBeInstanceOf(RunFailedError);
    expect(error?.failedApps).toEqual([2, 4]);
    expect(error?.message).toBe(
      '2 of 4 apps failed for 2026-11-28; 2 were written. app 2: wrong region; app 4: timed out (after 5 attempts)',
    );
  });

  it('counts a failure before the first attempt as no attempt', () => {
    expect(runFailure(summary(failed(9, 0, 'no time left')))?.message).toBe(
      '1 of 1 apps failed for 2026-11-28; none was written. app 9: no time left',
    );
  });

  it('says none was written when every app failed, not that the others were', () => {
    expect(runFailure(summary(failed(1, 1, 'a'), failed(2, 1, 'b')))?.message).toBe(
      '2 of 2 apps failed for 2026-11-28; none was written. app 1: a; app 2: b',
    );
    expect(runFailure(summary(failed(1, 1, 'a'), ok(2)))?.message).toMatch(/; 1 was written\. /);
  });

  it('says when only the raw body of a failed app was written, and counts the apps an earlier run wrote', () => {
    const rawOnly = {
      ...failed(3, 1, 'rows not written'),
      written: ['s3://b/raw/getappinfo/dt=2026-11-28/3.json'],
    };
    const error = runFailure({
      ...summary(rawOnly),
      skipped: [{ sdkAppId: 4, marker: 'm', doneBy: undefined }],
    });
    expect(error?.message).toBe(
      '1 of 1 apps failed for 2026-11-28; none was written, 1 already written for 2026-11-28 by an earlier run. app 3: rows not written; only its raw body was written',
    );
  });
});
