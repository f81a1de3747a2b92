/** The CLI's readable summary of a run. */
import { plural } from '../core/format.js';
import { plainText } from '../core/plain-text.js';
import { digestLine } from '../digest/digest-text.js';
import type { AppResult, RunSummary } from '../run/snapshot-pipeline.js';

function appLines(app: AppResult): string[] {
  if (!app.ok) {
    const head = `  FAILED ${app.sdkAppId}  after ${plural(app.attempts, 'attempt')}, ${app.elapsedMs} ms`;
    const hint = app.error.hint ? [`         hint: ${app.error.hint}`] : [];
    const written = app.written.map((where) => `         kept: ${where}`);
    return [head, `         ${app.error.message}`, ...hint, ...written];
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

/** Formats the summary for a terminal, one block per app. */
export function formatSummary(summary: RunSummary): string {
  const ok = summary.apps.filter((app) => app.ok).length;
  const anomalies = summary.apps.reduce(
    (n, app) => n + (app.ok ? app.digest.anomalies.length : 0),
    0,
  );
  const head = `chat-opsdata snapshot dt=${summary.dt} (run ${summary.runId}): ${ok} of ${plural(summary.apps.length, 'app')} written, ${anomalies === 1 ? '1 anomaly' : `${anomalies} anomalies`}`;
  return [head, ...summary.apps.flatMap(appLines)].join('\n');
}
