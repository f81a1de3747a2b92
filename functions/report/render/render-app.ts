/** One app's section: who it is, the days it covers, its digest, its charts and its table. */
import { groupDigits } from '../../core/format.js';
import { plainText } from '../../core/plain-text.js';
import type { RuleSettings } from '../../digest/anomaly-rules.js';
import type { Digest } from '../../digest/digest.js';
import { type AppHistory, MAX_SPAN_DAYS } from '../app-history.js';
import { lineChartSvg } from './chart-svg.js';
import { type Html, html, isolated, trusted } from './html.js';
import { renderDigest } from './render-digest.js';
import { renderTable } from './render-table.js';
import { CHARTS, chartData, hasData } from './report-charts.js';

/** What the page shows for one app. */
export interface AppReport {
  readonly history: AppHistory;
  readonly digest: Digest;
}

/** What every section is drawn with: the rules its digest was made with (for colours, lines). */
export interface SectionContext {
  readonly rules: RuleSettings;
}

/** The app's name for people: its AppName, or its SDKAppID when the snapshots have no name. */
export function appLabel(history: AppHistory): string {
  return history.appName ?? `App ${history.appId}`;
}

/** The anchor of an app's section. */
export function appAnchor(history: AppHistory): string {
  return `app-${history.appId}`;
}

function coverage(history: AppHistory): Html {
  const { days, rows } = history;
  const first = days[0];
  const last = days.at(-1);
  if (first === undefined || last === undefined) {
    const newest = history.allRows.at(-1)?.stat_date;
    return html`<span class="days">no days in the range shown (newest day: ${newest ?? '–'})</span>`;
  }
  const present = rows.filter((r) => r !== null).length;
  const missing = days.length - present;
  const { leftOut } = history;
  return html`<span class="days">${first} … ${last}</span> · ${present} ${present === 1 ? 'day' : 'days'}${
    missing > 0 ? html` · <span class="gap-note">${missing} missing</span>` : ''
  }${
    leftOut
      ? html` · <span class="gap-note">${leftOut.days} older ${leftOut.days === 1 ? 'day' : 'days'} not drawn (back to ${leftOut.oldest}): at most ${groupDigits(MAX_SPAN_DAYS)} days are laid out</span>`
      : ''
  }`;
}

/** The section of one app; `index` makes the ids of its charts unique in the page. */
export function renderApp(app: AppReport, index: number, context: SectionContext): Html {
  const { history } = app;
  const label = appLabel(history);
  // An attribute cannot isolate its text: no control or bidi character goes into one.
  const plainLabel = plainText(label, 200);
  // A chart of a figure no snapshot holds (not asked for with --fields) is left out, not drawn empty.
  const charts =
    history.days.length === 0
      ? ''
      : CHARTS.filter((definition) => hasData(definition, history)).map((definition) => {
          const svg = lineChartSvg(
            chartData(definition, history, context.rules),
            `a${index}-${definition.id}`,
          );
          return html`<figure class="chart" data-chart="${definition.id}" aria-label="${definition.title} — ${plainLabel}">
<figcaption>${definition.title}</figcaption>
${trusted(svg)}
</figure>`;
        });
  return html`<section class="app" id="${appAnchor(history)}" data-app-id="${history.appId}">
<header>
<h2>${isolated(label)}</h2>
<p class="facts">${history.company === null ? 'company not reported' : isolated(history.company)} · SDKAppID <span class="id">${history.appId}</span> · ${coverage(history)}</p>
</header>
${renderDigest(app.digest, context.rules)}
<div class="charts">${charts}</div>
${history.days.length === 0 ? '' : renderTable(history)}
</section>`;
}
