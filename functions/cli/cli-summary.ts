/** The CLI's readable summary of a run: one block per app, every line at most 100 columns. */
import { plural, wrapParts, wrapWords } from '../core/format.js';
import { MESSAGE_MAX, plainText } from '../core/plain-text.js';
import { digestLines } from '../digest/digest-text.js';
import type { AppSkipped } from '../run/done-marker.js';
import type { AppResult, RunSummary } from '../run/snapshot-pipeline.js';

/** A terminal's usual width: no line of the summary is longer (paths excepted: they stay whole). */
export const SUMMARY_COLUMNS = 100;

/** Where an app's lines after its first start. */
const INDENT = ' '.repeat(9);

/** `text` after `prefix`, wrapped at words; the next lines start at `INDENT`. */
const indented = (prefix: string, text: string) =>
  wrapWords(`${prefix}${text}`, SUMMARY_COLUMNS, INDENT);

function appLines(app: AppResult): string[] {
  if (!app.ok) {
    const head = `  FAILED ${app.sdkAppId}  after ${plural(app.attempts, 'attempt')}, ${app.elapsedMs} ms`;
    // Messages quote the API or S3: one safe line each, whatever they hold, then wrapped.
    const message = plainText(app.error.message, MESSAGE_MAX * 2);
    const hint = app.error.hint ? plainText(app.error.hint, MESSAGE_MAX) : undefined;
    // A getappinfo error's message already ends with its hint: say it once.
    const hints = hint && !message.includes(hint) ? indented(`${INDENT}hint: `, hint) : [];
    const written = app.written.map((where) => `${INDENT}kept: ${where}`);
    return [head, ...indented(INDENT, message), ...hints, ...written];
  }
  const days = app.days ? `${app.days.from} … ${app.days.to}` : 'no days';
  const name = plainText(app.appName, 40);
  const facts = [
    `  ok     ${app.sdkAppId}`,
    ...(name ? [name] : []),
    plural(app.rows, 'row'),
    days,
    plural(app.attempts, 'attempt'),
    `${app.elapsedMs} ms`,
  ];
  return [
    ...wrapParts(facts, '  ', SUMMARY_COLUMNS, INDENT),
    ...digestLines(app.digest, SUMMARY_COLUMNS - INDENT.length).map((line) => INDENT + line),
    ...app.digest.anomalies.flatMap((anomaly) => indented('       ! ', anomaly.message)),
    ...app.written.map((where) => INDENT + where),
  ];
}

/** An app an earlier run already wrote for the run date: which run, when, how many rows. */
function skippedLines(app: AppSkipped, dt: string): string[] {
  const by = app.doneBy;
  const what = by
    ? `by run ${plainText(by.runId, 40)} at ${plainText(by.writtenAt, 30)}, ${plural(by.rows, 'row')}${by.days ? `  ${by.days.from} … ${by.days.to}` : ''}`
    : `(its done marker ${app.marker} is not one this version reads)`;
  return wrapWords(
    `  skip   ${app.sdkAppId}  already written for ${dt} ${what}`,
    SUMMARY_COLUMNS,
    INDENT,
  );
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
  const head = `chat-opsdata snapshot dt=${summary.dt}: ${ok} of ${plural(summary.apps.length, 'app')} written${skippedNote}, ${plural(anomalies, 'anomaly', 'anomalies')}`;
  return [
    ...wrapParts([head, `(run ${summary.runId})`], ' ', SUMMARY_COLUMNS, '  '),
    ...summary.apps.flatMap(appLines),
    ...skipped.flatMap((app) => skippedLines(app, summary.dt)),
  ].join('\n');
}
