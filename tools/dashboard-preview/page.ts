/**
 * The dashboard preview page: every widget of the dashboard body at its place on CloudWatch's
 * 24-column grid, the text widget's Markdown, the alarms with a state chip and each metric widget
 * as an SVG chart of simulated data. Self-contained: inline CSS and SVG, no script, no request.
 */
import { type Html, html, trusted } from '../../functions/report/render/html.js';
import type {
  AlarmStatusWidget,
  DashboardBody,
  DashboardWidget,
  LogWidget,
  MetricWidget,
  TextWidget,
} from './body.js';
import { CONSOLE_FONT, widgetChartSvg } from './chart.js';
import type { DataPoint } from './data.js';
import { type LogEvent, runQuery } from './logs-insights.js';
import { markdownToHtml } from './markdown.js';
import { type ResolvedSeries, rangeDays, widgetSeries } from './series.js';

/** The grid: 24 columns across 1400 px (a 1440 px screen), one row ≈ the console's 50 px. */
export const GRID = { columns: 24, width: 1400, rowHeight: 50, gap: 10 } as const;
const COLUMN = GRID.width / GRID.columns;
/** A metric widget's title bar and padding, inside its box. */
const WIDGET_CHROME = { title: 30, padding: 10 } as const;

/** The states an alarm status widget shows. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** What the page says besides the widgets. */
export interface PreviewOptions {
  /** The dashboard's name as the console would show it. */
  readonly dashboardName: string;
  readonly now: Date;
  /** What the page says about where its numbers come from. */
  readonly dataNote: string;
  /** The state each alarm is shown in, by name; OK when not given. */
  readonly alarmStates?: Readonly<Record<string, AlarmState>>;
  /** The function's log lines the log widgets query (flattened as Insights sees them). */
  readonly logEvents?: readonly LogEvent[];
}

/** What was drawn for one widget: for the tests and the tool's summary. */
export interface RenderedWidget {
  readonly type: DashboardWidget['type'];
  readonly title: string | undefined;
  readonly series: readonly ResolvedSeries[];
  /** A log table's rows. */
  readonly rows?: number;
}

/** The page and what was drawn on it. */
export interface DashboardPreview {
  readonly html: string;
  readonly widgets: readonly RenderedWidget[];
}

const box = (w: DashboardWidget) =>
  `left:${w.x * COLUMN}px;top:${w.y * GRID.rowHeight}px;width:${w.width * COLUMN - GRID.gap}px;height:${w.height * GRID.rowHeight - GRID.gap}px`;

const STATE_TEXT: Record<AlarmState, string> = {
  OK: 'OK',
  ALARM: 'In alarm',
  INSUFFICIENT_DATA: 'Insufficient data',
};

function textWidget(widget: TextWidget): Html {
  const solid = widget.properties.background !== 'transparent';
  return html`<section class="widget text${solid ? ' solid' : ''}" data-type="text" style="${box(widget)}">${trusted(markdownToHtml(widget.properties.markdown))}</section>`;
}

function alarmWidget(widget: AlarmStatusWidget, options: PreviewOptions): Html {
  const names = widget.properties.alarms.map((arn) => arn.slice(arn.indexOf(':alarm:') + 7));
  // The console lists them alphabetically unless sortBy says otherwise; the preview has no state
  // change times, so it keeps the given order then.
  if ((widget.properties.sortBy ?? 'default') === 'default') names.sort();
  const alarms = names.map((name) => {
    const state = options.alarmStates?.[name] ?? 'OK';
    return html`<li><span class="chip ${state.toLowerCase()}">${STATE_TEXT[state]}</span><span class="alarm-name">${name}</span></li>`;
  });
  return html`<section class="widget" data-type="alarm" style="${box(widget)}"><h2>${widget.properties.title ?? ''}</h2><ul class="alarms">${alarms}</ul></section>`;
}

/** A Logs Insights table: the query run over the simulated log lines, as the console lists it. */
function logWidget(widget: LogWidget, options: PreviewOptions): { html: Html; rows: number } {
  if ((widget.properties.view ?? 'table') !== 'table') {
    throw new Error(`the preview draws log tables only, not view "${widget.properties.view}"`);
  }
  const result = runQuery(widget.properties.query, options.logEvents ?? []);
  // As the console lists them: numbers as the log has them, no separators.
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const table = html`<table class="log-table"><thead><tr>${result.columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${result.rows.map(
    (row) =>
      html`<tr>${row.map((v) => html`<td class="${typeof v === 'number' ? 'num' : ''}">${cell(v)}</td>`)}</tr>`,
  )}</tbody></table>`;
  return {
    html: html`<section class="widget" data-type="log" style="${box(widget)}"><h2>${widget.properties.title ?? ''}</h2><div class="log-scroll">${table}</div></section>`,
    rows: result.rows.length,
  };
}

function metricWidget(
  widget: MetricWidget,
  series: readonly ResolvedSeries[],
  days: readonly number[],
  id: string,
): Html {
  const chart = {
    width: widget.width * COLUMN - GRID.gap - 2 * WIDGET_CHROME.padding,
    height: widget.height * GRID.rowHeight - GRID.gap - WIDGET_CHROME.title - WIDGET_CHROME.padding,
  };
  const empty = series.every((s) => s.values.every((v) => v === null));
  return html`<section class="widget" data-type="metric" style="${box(widget)}"><h2>${widget.properties.title ?? ''}</h2>${
    empty
      ? html`<p class="no-data">No data available.</p>`
      : trusted(widgetChartSvg(widget, series, days, chart, id))
  }</section>`;
}

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #f2f3f3; color: #16191f; font-family: ${CONSOLE_FONT}; font-size: 14px; line-height: 20px; }
.preview-note { background: #fff7e0; border-bottom: 2px solid #d97706; color: #7a4a00; padding: 8px 20px; font-size: 14px; }
.preview-note strong { color: #5c3700; }
header { display: flex; align-items: baseline; gap: 16px; padding: 14px 20px 10px; }
header h1 { font-size: 22px; line-height: 28px; margin: 0; font-weight: 700; }
header .range { margin-left: auto; color: #545b64; }
header .range b { background: #0972d3; color: #fff; border-radius: 12px; padding: 2px 10px; font-weight: 600; }
.grid { position: relative; width: ${GRID.width}px; margin: 0 20px 24px; }
.widget { position: absolute; background: #fff; border-radius: 8px; box-shadow: 0 1px 1px rgba(0,28,36,.3), 1px 1px 1px rgba(0,28,36,.15); padding: 0 ${WIDGET_CHROME.padding}px; overflow: hidden; }
.widget h2 { font-size: 15px; line-height: ${WIDGET_CHROME.title}px; height: ${WIDGET_CHROME.title}px; margin: 0; font-weight: 700; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.widget svg { display: block; }
.widget.text { background: transparent; box-shadow: none; padding: 4px 6px; overflow: auto; }
.widget.text.solid { background: #fff; }
.widget.text h1, .widget.text h2, .widget.text h3 { white-space: normal; height: auto; line-height: 1.3; margin: 4px 0 6px; }
.widget.text h2 { font-size: 20px; }
.widget.text h3 { font-size: 16px; }
.widget.text p { margin: 0 0 6px; }
.widget.text ul { margin: 0 0 6px; padding-left: 20px; }
.widget code { font-family: ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace; font-size: 13px; background: #f2f3f3; padding: 0 4px; border-radius: 3px; }
.no-data { color: #545b64; text-align: center; margin-top: 60px; }
ul.alarms { list-style: none; margin: 4px 0 0; padding: 0; }
ul.alarms li { display: flex; align-items: flex-start; gap: 8px; padding: 6px 0; border-top: 1px solid #e9ebed; }
.chip { flex: none; font-size: 12px; line-height: 18px; font-weight: 700; padding: 0 8px; border-radius: 9px; color: #fff; }
.chip.ok { background: #037f0c; } .chip.alarm { background: #d91515; } .chip.insufficient_data { background: #5f6b7a; }
.log-scroll { overflow: auto; height: calc(100% - 34px); }
table.log-table { border-collapse: collapse; width: 100%; font-size: 12px; font-variant-numeric: tabular-nums; }
table.log-table th { position: sticky; top: 0; background: #fafafa; text-align: left; font-weight: 700; padding: 4px 8px; border-bottom: 1px solid #d1d5db; }
table.log-table td { padding: 3px 8px; border-bottom: 1px solid #e9ebed; white-space: nowrap; }
table.log-table td.num { text-align: right; }
.alarm-name { color: #0972d3; overflow-wrap: anywhere; font-size: 13px; line-height: 18px; }
`;

/** Renders the preview page of `body` with `points` as the metric data. */
export function renderDashboardPreview(
  body: DashboardBody,
  points: readonly DataPoint[],
  options: PreviewOptions,
): DashboardPreview {
  const days = rangeDays(body.start, options.now);
  const rendered: RenderedWidget[] = [];
  const sections = body.widgets.map((widget, i) => {
    if (widget.type === 'text') {
      rendered.push({ type: 'text', title: undefined, series: [] });
      return textWidget(widget);
    }
    if (widget.type === 'alarm') {
      rendered.push({ type: 'alarm', title: widget.properties.title, series: [] });
      return alarmWidget(widget, options);
    }
    if (widget.type === 'log') {
      const drawn = logWidget(widget, options);
      rendered.push({ type: 'log', title: widget.properties.title, series: [], rows: drawn.rows });
      return drawn.html;
    }
    const series = widgetSeries(widget, points, days);
    rendered.push({ type: 'metric', title: widget.properties.title, series });
    return metricWidget(widget, series, days, `w${i}`);
  });
  const rows = Math.max(...body.widgets.map((w) => w.y + w.height));
  const range = `${days.length} days`;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${options.dashboardName} — local preview</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${trusted(CSS)}</style></head>
<body>
<div class="preview-note" role="note"><strong>Local preview with simulated data — not the CloudWatch console.</strong> Layout, titles, axes, legends and annotations come from the synthesized DashboardBody; ${options.dataNote}</div>
<header><h1>${options.dashboardName}</h1><span class="range">Time range <b>${range}</b> · UTC · daily periods</span></header>
<main class="grid" style="height:${rows * GRID.rowHeight}px">
${sections}
</main>
</body></html>
`;
  return { html: page.text, widgets: rendered };
}
