/**
 * The daily digest e-mail (an SNS message to the digest topic): plain text, anomalies first, then
 * every app's key figures, then the apps that failed. Pure: a run summary in, subject and text out.
 */

import { dated } from '../core/dates.js';
import { plural } from '../core/format.js';
import { MESSAGE_MAX, plainText } from '../core/plain-text.js';
import type { AppFailed, AppSnapshot, RunSummary } from '../run/snapshot-pipeline.js';
import { SETTINGS } from '../settings/settings.js';
import { digestTable } from './digest-text.js';

/** SNS takes at most 256 KB per message; this leaves room for the envelope. */
export const MAX_MESSAGE_BYTES = 250_000;

export interface DigestMail {
  /** ASCII, one line, under 100 characters (SNS's rules for an e-mail subject). */
  readonly subject: string;
  readonly message: string;
}

/** Where a reader goes from the e-mail; each line is left out when not known. */
export interface MailLinks {
  /** The CloudWatch dashboard (the stack's output DashboardUrl). */
  readonly dashboardUrl?: string;
  /** Where the HTML report is, or the command that makes it. */
  readonly report?: string;
}

/**
 * The command that makes the report of a bucket, as the e-mail shows it:
 * `AWS_REGION=ap-southeast-1 npx chat-opsdata report --bucket my-bucket` (the prefix only when it
 * is not the default).
 */
export function reportCommand(bucket: string, prefix: string, region?: string): string {
  const env = region ? `AWS_REGION=${region} ` : '';
  const withPrefix = prefix === SETTINGS.prefix.default ? '' : ` --prefix ${prefix}`;
  return `${env}npx chat-opsdata report --bucket ${bucket}${withPrefix}`;
}

/**
 * The day the figures are for: the newest digest day of the apps written (normally yesterday,
 * Beijing time); null when no app was written or none had days.
 */
export function figuresDay(summary: RunSummary): string | null {
  const days = summary.apps.flatMap((app) =>
    app.ok && app.digest.day !== null ? [app.digest.day] : [],
  );
  // YYYY-MM-DD sorts as text.
  return days.sort().at(-1) ?? null;
}

/** The e-mail as a terminal shows it before it is sent: `Subject:`, a blank line, the text. */
export function mailAsText(mail: DigestMail): string {
  return `Subject: ${mail.subject}\n\n${mail.message.replace(/\n$/, '')}`;
}

function appTitle(app: AppSnapshot): string {
  const name = plainText(app.appName);
  const company = plainText(app.company);
  return `${app.sdkAppId}${name ? ` ${name}` : ''}${company ? ` (${company})` : ''}`;
}

/**
 * What a failed app left written, in the run's write order: the raw body, the typed rows, then the
 * month objects it changed (the done marker is last, so a failed app never has one).
 */
function keptOf(written: readonly string[]): string {
  const [raw, rows, ...months] = written;
  if (rows === undefined) return `only the raw body (${raw}); the typed rows were not`;
  const all = written.join(', ');
  return months.length === 0
    ? `the raw body and the typed rows (${all}), but not all that follows (the month objects, the done marker); a retry writes this app again`
    : `the raw body, the typed rows and the month objects (${all}), but not the done marker; a retry writes this app again`;
}

/** Builds the subject and text of the digest e-mail for a run. */
export function digestMail(summary: RunSummary, links: MailLinks = {}): DigestMail {
  const written = summary.apps.filter((app): app is AppSnapshot => app.ok);
  const failed = summary.apps.filter((app): app is AppFailed => !app.ok);
  const anomalies = written.flatMap((app) =>
    app.digest.anomalies.map((anomaly) => ({ app, anomaly })),
  );
  const news = [
    ...(anomalies.length > 0 ? [plural(anomalies.length, 'anomaly', 'anomalies')] : []),
    ...(failed.length > 0 ? [`${failed.length} failed`] : []),
  ];
  const day = figuresDay(summary);
  // The day the figures are for, as people speak of them ("Monday's numbers"); the run date only
  // when no app has figures. Words and numbers of ours, no API value: ASCII, one line, far under
  // SNS's 100 characters.
  const about = day === null ? `run ${summary.dt}` : dated(day);
  const subject = `chat-opsdata ${about}: ${news.length > 0 ? news.join(', ') : 'all normal'} (${plural(summary.apps.length, 'app')})`;

  const where = [
    ...(links.dashboardUrl ? [`Dashboard: ${links.dashboardUrl}`] : []),
    ...(links.report ? [`Report:    ${links.report}`] : []),
  ];
  const { skipped } = summary;
  const sections: string[][] = [
    [
      day === null
        ? `chat-opsdata daily digest, run date ${summary.dt} (run ${summary.runId})`
        : `chat-opsdata daily digest: the figures of ${dated(day)} (run date ${summary.dt}, run ${summary.runId})`,
      `${written.length} of ${plural(summary.apps.length, 'app')} written, ${plural(anomalies.length, 'anomaly', 'anomalies')}, ${failed.length} failed.`,
      ...(skipped.length > 0
        ? [
            `${plural(skipped.length, 'app was', 'apps were')} already written for ${summary.dt} by an earlier run: ${skipped.map((app) => app.sdkAppId).join(', ')} (their figures are not repeated here).`,
          ]
        : []),
      ...where,
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
      ...failed.flatMap((app) => {
        const message = plainText(app.error.message, MESSAGE_MAX * 2);
        const { hint } = app.error;
        return [
          `- ${app.sdkAppId}: ${message}`,
          // A getappinfo error's message already ends with its hint: say it once.
          ...(hint && !message.includes(hint) ? [`  hint: ${plainText(hint, MESSAGE_MAX)}`] : []),
          ...(app.written.length > 0 ? [`  written: ${keptOf(app.written)}`] : []),
        ];
      }),
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
