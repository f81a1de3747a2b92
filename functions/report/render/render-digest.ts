/** The newest day's digest of an app: its anomalies first, then the key figures week over week. */
import { addDays, dated, datedShort } from '../../core/dates.js';
import { groupDigits } from '../../core/format.js';
import type { Digest, DigestMetric } from '../../digest/digest.js';
import { type Html, html } from './html.js';

function figure(metric: DigestMetric, value: number | null): string {
  if (value === null) return '–';
  return metric.unit === 'percent' ? `${value.toFixed(2)} %` : groupDigits(value);
}

function change(metric: DigestMetric, day: string): Html {
  const weekAgo = addDays(day, -7);
  const against = `vs ${datedShort(weekAgo)}`;
  if (metric.changePct === null)
    return html`<span class="change none">no week-earlier value</span>`;
  const pct = metric.changePct;
  const [mark, tone] = pct > 0 ? ['▲', 'up'] : pct < 0 ? ['▼', 'down'] : ['=', 'flat'];
  const text = `${mark} ${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct).toFixed(1)} %`;
  return html`<span class="change ${tone}">${text}</span> <span class="against">${against}</span>`;
}

function metricCard(metric: DigestMetric, day: string): Html {
  return html`<div class="metric" data-metric="${metric.id}">
<div class="label">${metric.label}</div>
<div class="value">${figure(metric, metric.value)}</div>
<div>${change(metric, day)}</div>
<div class="context">day before ${figure(metric, metric.dayBefore)} · 7-day median ${figure(metric, metric.median7)}</div>
</div>`;
}

/** The digest block: anomalies (escaped like every value) above the key figures. */
export function renderDigest(digest: Digest): Html {
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
<div class="metrics">${digest.metrics.map((m) => metricCard(m, digest.day ?? ''))}</div>
</div>`;
}
