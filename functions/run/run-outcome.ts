/** What a finished run tells the world: the error that fails it, and the digests for its log. */

import { RunFailedError } from '../core/errors.js';
import type { RuleId } from '../digest/anomaly-rules.js';
import type { DigestMetricId } from '../digest/digest.js';
import type { AppFailed, AppSnapshot, RunSummary } from './snapshot-pipeline.js';

/** What the run wrote besides its failures: `none was written`, `1 was written`, `3 were written`. */
function writtenClause(written: number, skipped: number, dt: string): string {
  const now =
    written === 0 ? 'none was written' : `${written} ${written === 1 ? 'was' : 'were'} written`;
  return skipped === 0 ? now : `${now}, ${skipped} already written for ${dt} by an earlier run`;
}

/** The error to throw for a run with failed apps, or undefined when every app succeeded. */
export function runFailure(summary: RunSummary): RunFailedError | undefined {
  const failed = summary.apps.filter((app): app is AppFailed => !app.ok);
  if (failed.length === 0) return undefined;
  const lines = failed.map(
    (app) =>
      `app ${app.sdkAppId}: ${app.error.message}${app.attempts > 1 ? ` (after ${app.attempts} attempts)` : ''}${app.written.length > 0 ? '; only its raw body was written' : ''}`,
  );
  const written = summary.apps.length - failed.length;
  return new RunFailedError(
    `${failed.length} of ${summary.apps.length} apps failed for ${summary.dt}; ${writtenClause(written, summary.skipped.length, summary.dt)}. ${lines.join('; ')}`,
    failed.map((app) => app.sdkAppId),
  );
}

/** One app's digest in the run's final log line: the day, `[value, change %]` per figure, the rules that fired. */
export interface LoggedDigest {
  readonly sdkAppId: number;
  readonly day: string | null;
  readonly figures: Partial<Record<DigestMetricId, readonly [number | null, number | null]>>;
  readonly anomalies: readonly RuleId[];
}

/** The digests of every written app, compact enough for one log line of a few hundred apps. */
export function runDigests(summary: RunSummary): LoggedDigest[] {
  return summary.apps
    .filter((app): app is AppSnapshot => app.ok)
    .map(({ sdkAppId, digest }) => ({
      sdkAppId,
      day: digest.day,
      figures: Object.fromEntries(digest.metrics.map((m) => [m.id, [m.value, m.changePct]])),
      anomalies: digest.anomalies.map((a) => a.rule),
    }));
}
