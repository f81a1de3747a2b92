/**
 * The table the page opens with: every app on one row, its newest day's key figures with their
 * week-over-week change and its anomalies, trouble first, each row linking to the app's section.
 */
import { datedShort } from '../../core/dates.js';
import type { RuleSettings } from '../../digest/anomaly-rules.js';
import type { DigestMetric, DigestMetricId } from '../../digest/digest.js';
import { formatValue } from '../../digest/digest-text.js';
import { type Html, html, isolated } from './html.js';
import { type AppReport, appAnchor, appLabel } from './render-app.js';
import { changeHtml, hasFigure } from './render-digest.js';
import { metricTone } from './tone.js';

/** The figures the overview shows: the ones the rules watch, and the messages delivered. */
export const OVERVIEW_FIGURES: readonly DigestMetricId[] = [
  'active_users',
  'messages_up',
  'messages_down',
  'callback_success_rate',
];

/**
 * Trouble first: more anomalies first, then more figures worth a look (`watch`), then the order
 * the apps came in (by SDKAppID).
 */
export function troubleOrder(apps: readonly AppReport[], rules: RuleSettings): AppReport[] {
  const watched = (app: AppReport) =>
    app.digest.metrics.filter((m) => metricTone(m, app.digest, rules) === 'watch').length;
  return apps
    .map((app, i) => ({ app, i, anomalies: app.digest.anomalies.length, watch: watched(app) }))
    .sort((a, b) => b.anomalies - a.anomalies || b.watch - a.watch || a.i - b.i)
    .map(({ app }) => app);
}

function figureCell(app: AppReport, metric: DigestMetric | undefined, rules: RuleSettings): Html {
  if (metric === undefined || !hasFigure(metric)) return html`<td class="figure">–</td>`;
  return html`<td class="figure" data-metric="${metric.id}" data-tone="${metricTone(metric, app.digest, rules)}"><span class="value">${formatValue(metric.value, metric.unit)}</span> ${changeHtml(metric, app.digest, rules)}</td>`;
}

/** The overview of `apps` (two or more; one app's section says it all). */
export function renderOverview(apps: readonly AppReport[], rules: RuleSettings): Html {
  if (apps.length < 2) return html``;
  // A figure no app has (not asked for with --fields) gets no column.
  const figures = OVERVIEW_FIGURES.filter((id) =>
    apps.some((app) => app.digest.metrics.some((m) => m.id === id && hasFigure(m))),
  );
  const labels = new Map(apps.flatMap((app) => app.digest.metrics.map((m) => [m.id, m.label])));
  const rows = troubleOrder(apps, rules).map((app) => {
    const { history, digest } = app;
    const n = digest.anomalies.length;
    const rulesFired = [...new Set(digest.anomalies.map((a) => a.rule))];
    return html`<tr data-app-id="${history.appId}" data-anomalies="${n}" class="${n > 0 ? 'trouble' : 'quiet'}">
<th scope="row"><a href="#${appAnchor(history)}">${isolated(appLabel(history))}</a>${history.appName === null ? '' : html` <span class="id">${history.appId}</span>`}</th>
<td>${digest.day === null ? 'no days' : datedShort(digest.day)}</td>
<td class="anomaly-count">${n === 0 ? html`<span class="none">none</span>` : html`<span class="flag">⚠ ${n}</span> ${rulesFired.map((r) => html`<code>${r}</code> `)}`}</td>
${figures.map((id) =>
  figureCell(
    app,
    digest.metrics.find((m) => m.id === id),
    rules,
  ),
)}
</tr>`;
  });
  // A div, not a section: the print style breaks before every section of an app but the first.
  return html`<div class="overview" role="region" aria-labelledby="overview-title">
<h2 id="overview-title">All apps on their newest day</h2>
<p class="overview-note">Trouble first: apps with anomalies, then apps with a figure worth a look. Changes are against the same weekday a week earlier; red is bad news (an anomaly), amber a move as large as a rule looks for under its minimum baseline, grey anything else.</p>
<div class="table-wrap"><table class="overview-table">
<thead><tr><th scope="col">App</th><th scope="col">Day</th><th scope="col">Anomalies</th>${figures.map((id) => html`<th scope="col">${labels.get(id) ?? id}</th>`)}</tr></thead>
<tbody>${rows}</tbody>
</table></div>
</div>`;
}
