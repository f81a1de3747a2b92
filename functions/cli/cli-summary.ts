/** The CLI's readable summary of a run. */
import { plural } from '../core/format.js';
import { MESSAGE_MAX, plainText } from '../core/plain-text.js';
import { digestLine } from '../digest/digest-text.js';
import type { AppSkipped } from '../run/done-marker.js';
import type { AppResult, RunSummary } from '../run/snapshot-pipeline.js';

function appLines(app: AppResult): string[] {
  if (!app.ok) {
    const head = `  FAILED ${app.sdkAppId}  after ${plural(app.attempts, 'attempt')}, ${app.elapsedMs} ms`;
    // Messages quote the API or S3: one safe line each, whatever they hold.
    const hint = app.error.hint ? [`         hint: ${plainText(app.error.hint, MESSAGE_MAX)}`] : [];
    const written = app.written.map((where) => `         kept: ${where}`);
    return [head, `         ${plainText(app.error.message, MESSAGE_MAX * 2)}`, ...hint, ...written];
  }
  const days = app.days ? `${app.days.from} … ${app.days.to}` : 'no days';
  const name = plainText(app.appName, 40);
  return [
    `  ok     ${app.sdkAppId}${name ? `  ${name}` : ''}  ${plural(app.rows, 'row')}  ${days}  ${plural(app.attempts, 'attempt')}  ${app.elapsedMs} ms`,
    `         ${digestLine(app.digest)}`,
    ...app.digest.anomalies.map((anomaly) => `       ! ${anomaly.message}`),
    ...app.written.map((where) => `         ${where}`),
  ];
}

/** An app an earlier run already wrote for the run date: which run, when, how many rows. */
function skippedLine(app: AppSkipped, dt: string): string {
  const by = app.doneBy;
  const what = by
    ? `by run ${plainText(by.runId, 40)} at ${plainText(by.writtenAt, 30)}, ${plural(by.rows, 'row')}${by.days ? `  ${by.days.from} … ${by.days.to}` : ''}`
    : `(its done marker ${app.marker} is not one this version reads)`;
  return `  skip   ${app.sdkAppId}  already written for ${dt} ${what}`;
}

/** Formats the summary for a terminal, one block per app. */
export function formatSummary(summary: RunSummary): string {
  const ok = summary.apps.filter((app) => app.ok).length;
  const anomalies = summary.apps.reduce(
    (n, app) => n + (app.ok ? app.digest.anomalies.length : 0),
    0,
  );
  const { skipped } = summary;
  const skippedNote =
    skipped.length > 0
      ? `, ${skipped.length} skipped as already written (--force replaces them)`
      : '';
  const head = `chat-opsdata snapshot dt=${summary.dt} (run ${summary.runId}): ${ok} of ${plural(summary.apps.length, 'app')} written${skippedNote}, ${anomalies === 1 ? '1 anomaly' : `${anomalies} anomalies`}`;
  return [
    head,
    ...summary.apps.flatMap(appLines),
    ...skipped.map((app) => skippedLine(app, summary.dt)),
  ].join('\n');
}
