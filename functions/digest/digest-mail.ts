/**
 * The daily digest e-mail (an SNS message to the digest topic): plain text, anomalies first, then
 * every app's key figures, then the apps that failed. Pure: a run summary in, subject and text out.
 */

import { plural } from '../core/format.js';
import { MESSAGE_MAX, plainText } from '../core/plain-text.js';
import type { AppFailed, AppSnapshot, RunSummary } from '../run/snapshot-pipeline.js';
import { digestTable } from './digest-text.js';

/** SNS takes at most 256 KB per message; this leaves room for the envelope. */
export const MAX_MESSAGE_BYTES = 250_000;

export interface DigestMail {
  /** ASCII, one line, under 100 characters (SNS's rules for an e-mail subject). */
  readonly subject: string;
  readonly message: string;
}

function appTitle(app: AppSnapshot): string {
  const name = plainText(app.appName);
  const company = plainText(app.company);
  return `${app.sdkAppId}${name ? ` ${name}` : ''}${company ? ` (${company})` : ''}`;
}

/** Builds the subject and text of the digest e-mail for a run. */
export function digestMail(summary: RunSummary): DigestMail {
  const written = summary.apps.filter((app): app is AppSnapshot => app.ok);
  const failed = summary.apps.filter((app): app is AppFailed => !app.ok);
  const anomalies = written.flatMap((app) =>
    app.digest.anomalies.map((anomaly) => ({ app, anomaly })),
  );
  const news = [
    ...(anomalies.length > 0 ? [plural(anomalies.length, 'anomaly', 'anomalies')] : []),
    ...(failed.length > 0 ? [`${failed.length} failed`] : []),
  ];
  // Only words and numbers of ours, no API value: ASCII, one line, far under SNS's 100 characters.
  const subject = `chat-opsdata ${summary.dt}: ${news.length > 0 ? news.join(', ') : 'all normal'} (${plural(summary.apps.length, 'app')})`;

  const { skipped } = summary;
  const sections: string[][] = [
    [
      `chat-opsdata daily digest, run date ${summary.dt} (run ${summary.runId})`,
      `${written.length} of ${plural(summary.apps.length, 'app')} written, ${plural(anomalies.length, 'anomaly', 'anomalies')}, ${failed.length} failed.`,
      ...(skipped.length > 0
        ? [
            `${plural(skipped.length, 'app was', 'apps were')} already written for ${summary.dt} by an earlier run: ${skipped.map((app) => app.sdkAppId).join(', ')} (their figures are not repeated here).`,
          ]
        : []),
    ],
  ];
  if (anomalies.length > 0) {
    sections.push([
      'ANOMALIES',
      ...anomalies.map(({ app, anomaly }) => `- ${appTitle(app)}: ${anomaly.message}`),
    ]);
  }
  if (failed.length > 0) {
    sections.push([
      `FAILED (no complete snapshot for ${summary.dt} yet: Lambda retries a failed run, and the alarm topic says when every app is written)`,
      ...failed.flatMap((app) => [
        `- ${app.sdkAppId}: ${plainText(app.error.message, MESSAGE_MAX * 2)}`,
        ...(app.error.hint ? [`  hint: ${app.error.hint}`] : []),
        ...(app.written.length > 0
          ? [`  written: only the raw body (${app.written.join(', ')}); the typed rows were not`]
          : []),
      ]),
    ]);
  }
  for (const app of written) {
    sections.push([
      `${appTitle(app)}, ${app.digest.day === null ? 'no days in the snapshot' : `day ${app.digest.day}`}`,
      ...(app.digest.day === null ? [] : digestTable(app.digest).map((line) => `  ${line}`)),
    ]);
  }
  return { subject, message: fitMessage(sections) };
}

/** Joins the sections; past the size limit, the remaining lines are left out and counted. */
function fitMessage(sections: readonly string[][]): string {
  const lines = sections.flatMap((section, i) => (i === 0 ? section : ['', ...section]));
  const budget = MAX_MESSAGE_BYTES - 200; // room for the closing note
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > budget) break;
    kept.push(line);
  }
  const left = lines.length - kept.length;
  if (left > 0)
    kept.push('', `… ${left} more lines left out (SNS message size limit); see the log.`);
  return `${kept.join('\n')}\n`;
}
