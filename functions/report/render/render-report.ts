/**
 * The report page: a pure function from merged histories and digests to one self-contained HTML
 * file. No script, no external resource, and a Content-Security-Policy that forbids loading any.
 */

import { DEFAULT_RULES, type RuleSettings } from '../../digest/anomaly-rules.js';
import { html, isolated, trusted } from './html.js';
import { type AppReport, renderApp } from './render-app.js';
import { renderOverview } from './render-overview.js';
import { REPORT_CSS } from './report-style.js';

export type { AppReport } from './render-app.js';

/** Everything the page shows. */
export interface ReportInput {
  readonly apps: readonly AppReport[];
  /** Where the snapshots were read (a folder or `s3://bucket/prefix/`). */
  readonly source: string;
  readonly snapshotCount: number;
  /** The newest `dt` partition read. */
  readonly newestDt: string;
  /** `--days`, when the range was limited. */
  readonly days: number | undefined;
  /** When the page was made, ISO 8601. */
  readonly generatedAt: string;
  /** Keys under the prefix that were not read because they are not snapshots. */
  readonly ignored: readonly string[];
  /** The rules the digests were made with: what counts as bad news in the colours (defaults). */
  readonly rules?: RuleSettings;
}

/** Nothing may load: no script, no font, no frame, no request; only inline styles and data: images. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Renders the whole page. */
export function renderReport(input: ReportInput): string {
  const { apps } = input;
  const rules = input.rules ?? DEFAULT_RULES;
  const range = input.days === undefined ? 'all days' : `the last ${input.days} days`;
  const ignored =
    input.ignored.length === 0
      ? ''
      : html`<p>Not read (not <code>dt=YYYY-MM-DD/&lt;sdkAppId&gt;.json</code>): ${input.ignored.length} other object(s) under the prefix, e.g. <code>${isolated(input.ignored[0] ?? '')}</code>.</p>`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Chat operations report — ${input.newestDt}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<main>
<header>
<h1>Chat operations report</h1>
<p class="lead">${apps.length} ${apps.length === 1 ? 'app' : 'apps'} · ${range} · ${input.snapshotCount} snapshot ${input.snapshotCount === 1 ? 'file' : 'files'} up to dt=${input.newestDt} from <code>${input.source}</code></p>
</header>
${renderOverview(apps, rules)}
${apps.map((app, i) => renderApp(app, i, { rules }))}
<footer>
<p>Each day shows the values of the newest snapshot that holds it (newest <code>dt</code>, then <code>extracted_at</code>): the rule of the Athena view <code>getappinfo_daily</code>. Shaded bands and breaks in a line are days no snapshot holds — missing data, not zero. Digest and anomalies are for each app's newest day and its 30 days before, as a run computes them. A colour means bad news, never direction alone: red, a rule fired on the figure (an anomaly); amber, the figure moved as far as a rule looks for but under the rule's minimum baseline; grey, anything else. A rate's change is in percentage points (pp). A figure no snapshot holds (not asked for with <code>--fields</code>) has no card, chart or column.</p>
${ignored}
<p>Made by chat-opsdata <code>npm run report</code> at ${input.generatedAt}.</p>
</footer>
</main>
</body>
</html>
`;
  return page.text;
}
