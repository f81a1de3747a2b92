/** The newest day's digest of an app: its anomalies first, then the key figures week over week. */
import { addDays, dated, datedShort } from '../../core/dates.js';
import type { RuleSettings } from '../../digest/anomaly-rules.js';
import type { Digest, DigestMetric } from '../../digest/digest.js';
import { formatMetricChange, formatValue } from '../../digest/digest-text.js';
import { type Html, html } from './html.js';
import { metricTone } from './tone.js';

/** A figure no snapshot holds (not requested with `--fields`, or never sent): no card for it. */
export function hasFigure(metric: DigestMetric): boolean {
  return [metric.value, metric.dayBefore, metric.weekAgo, metric.median7].some((v) => v !== null);
}

/**
 * The week-over-week change: an arrow for the direction, a colour (`data-tone`) only for bad news.
 * A rate's change is in percentage points.
 */
export function changeHtml(metric: DigestMetric, digest: Digest, rules: RuleSettings): Html {
  const change = metric.unit === 'percent' ? metric.changePoints : metric.changePct;
  if (change === null)
    return html`<span class="change" data-tone="none">no week-earlier value</span>`;
  const mark = change > 0 ? '▲' : change < 0 ? '▼' : '=';
  const tone = metricTone(metric, digest, rules);
  return html`<span class="change" data-tone="${tone}">${mark} ${formatMetricChange(metric)}</span>`;
}

function metricCard(metric: DigestMetric, digest: Digest, rules: RuleSettings): Html {
  const day = digest.day ?? '';
  const weekAgo = datedShort(addDays(day, -7));
  return html`<div class="metric" data-metric="${metric.id}" data-tone="${metricTone(metric, digest, rules)}">
<div class="label">${metric.label}</div>
<div class="value">${formatValue(metric.value, metric.unit)}</div>
<div>${changeHtml(metric, digest, rules)}${
    metric.weekAgo === null
      ? ''
      : html` <span class="against">vs ${formatValue(metric.weekAgo, metric.unit)} on ${weekAgo}</span>`
  }</div>
<div class="context">day before ${formatValue(metric.dayBefore, metric.unit)} · 7-day median ${formatValue(metric.median7, metric.unit)}</div>
</div>`;
}

/** The digest block: anomalies (escaped like every value) above the key figures there are. */
export function renderDigest(digest: Digest, rules: RuleSettings): Html {
  if (digest.day === null) return html`<div class="digest"><p>No days to digest.</p></div>`;
  const anomalies =
    digest.anomalies.length === 0
      ? html`<p class="calm">✓ No anomalies on ${dated(digest.day)}.</p>`
      : html`<div class="anomalies" role="note">
<h4>⚠ ${digest.anomalies.length === 1 ? '1 anomaly' : `${digest.anomalies.length} anomalies`}</h4>
<ul>${digest.anomalies.map((a) => html`<li data-rule="${a.rule}"><code>${a.rule}</code> ${a.message}</li>`)}</ul>
</div>`;
  return html`<div class="digest">
<h3>Newest day: ${dated(digest.day)}</h3>
${anomalies}
<div class="metrics">${digest.metrics.filter(hasFigure).map((m) => metricCard(m, digest, rules))}</div>
</div>`;
}
