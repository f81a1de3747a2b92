/** What a finished run tells the world: the error that fails it, if any. */
import { RunFailedError } from './errors.js';
import type { AppFailed, RunSummary } from './snapshot-pipeline.js';

/** The error to throw for a run with failed apps, or undefined when every app succeeded. */
export function runFailure(summary: RunSummary): RunFailedError | undefined {
  const failed = summary.apps.filter((app): app is AppFailed => !app.ok);
  if (failed.length === 0) return undefined;
  const lines = failed.map(
    (app) =>
      `app ${app.sdkAppId}: ${app.error.message}${app.attempts > 1 ? ` (after ${app.attempts} attempts)` : ''}`,
  );
  return new RunFailedError(
    `${failed.length} of ${summary.apps.length} apps failed for ${summary.dt}; the others were written. ${lines.join('; ')}`,
    failed.map((app) => app.sdkAppId),
  );
}
