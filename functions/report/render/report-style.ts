/** The page's only style sheet, inlined: system fonts, a 1280 px laptop, and paper. */
import { FONT_FAMILY } from './chart-svg.js';

/** Inlined into the page's head. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #111827; --muted: #4b5563; --line: #e5e7eb; --soft: #f9fafb; }
* { box-sizing: border-box; }
body { margin: 0; font-family: ${FONT_FAMILY}; font-size: 15px; line-height: 1.45; color: var(--ink); background: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 22px; margin: 0; overflow-wrap: anywhere; }
h3 { font-size: 16px; margin: 0 0 8px; overflow-wrap: anywhere; }
.lead { color: var(--muted); margin: 0 0 12px; }
.lead code, .facts .id { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace; font-size: 13px; }
div.overview { margin: 8px 0 4px; }
div.overview h2 { font-size: 18px; margin: 0 0 2px; }
.overview-note { color: var(--muted); font-size: 13px; margin: 0 0 8px; }
table.overview-table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
table.overview-table th, table.overview-table td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
table.overview-table thead th { background: var(--soft); font-weight: 600; }
table.overview-table tbody th { font-weight: 500; max-width: 320px; overflow: hidden; text-overflow: ellipsis; }
table.overview-table tbody th a { color: var(--ink); font-weight: 600; }
table.overview-table .id { color: var(--muted); font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace; font-size: 12px; }
table.overview-table td.figure { text-align: right; }
table.overview-table td.figure .value { font-weight: 600; }
table.overview-table tr.trouble { background: #fff7f7; }
table.overview-table .flag { color: #b91c1c; font-weight: 700; }
table.overview-table .none { color: var(--muted); }
table.overview-table code { font-size: 11px; background: #fee2e2; color: #7f1d1d; padding: 0 4px; border-radius: 3px; }
section.app { border-top: 3px solid var(--ink); margin-top: 28px; padding-top: 14px; }
.facts { color: var(--muted); margin: 4px 0 14px; }
.gap-note { color: #b45309; }
.digest { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-bottom: 16px; }
.anomalies { border-left: 4px solid #d97706; background: #fffbeb; padding: 8px 12px; margin: 0 0 12px; border-radius: 4px; }
.anomalies h4 { margin: 0 0 4px; font-size: 15px; color: #92400e; }
.anomalies ul { margin: 0; padding-left: 20px; }
.anomalies code { font-size: 12px; background: #fef3c7; padding: 0 4px; border-radius: 3px; }
.calm { color: #047857; margin: 0 0 12px; }
.metrics { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px; }
@media (max-width: 760px) { .metrics { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.metric { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.metric[data-tone="bad"] { border-color: #fca5a5; box-shadow: inset 3px 0 0 #dc2626; }
.metric[data-tone="watch"] { border-color: #fcd34d; box-shadow: inset 3px 0 0 #d97706; }
.metric .label { color: var(--muted); font-size: 13px; }
.metric .value { font-size: 21px; font-weight: 600; font-variant-numeric: tabular-nums; }
.metric .context, .metric .against { color: var(--muted); font-size: 12px; }
.change { font-size: 13px; font-weight: 600; color: var(--muted); }
.change[data-tone="bad"] { color: #b91c1c; } .change[data-tone="watch"] { color: #b45309; } .change[data-tone="none"] { font-weight: 400; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 14px 22px; }
figure.chart { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: 600; font-size: 14px; margin-bottom: 2px; }
figure.chart svg { display: block; width: 100%; height: auto; }
.table-wrap { overflow-x: auto; margin-top: 18px; }
table.days { border-collapse: collapse; width: auto; min-width: min(100%, 560px); font-size: 13px; font-variant-numeric: tabular-nums; }
table.days caption { text-align: left; font-weight: 600; font-size: 14px; padding-bottom: 6px; overflow-wrap: anywhere; }
table.days th, table.days td { padding: 4px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.days td { text-align: right; }
table.days thead th { background: var(--soft); font-weight: 600; text-align: center; }
table.days tbody th { text-align: left; font-weight: 500; }
table.days tbody tr:nth-child(even) { background: #fcfcfd; }
table.days tr.missing td { text-align: center; color: #b45309; font-style: italic; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding-top: 10px; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 12px; }
  main { max-width: none; padding: 0; }
  div.overview { break-after: page; }
  section.app { break-before: page; border-top: none; margin-top: 0; }
  section.app:first-of-type { break-before: auto; }
  .charts { grid-template-columns: repeat(2, 1fr); }
  .digest, .table-wrap { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table.days { font-size: 10px; }
  table.days th, table.days td { padding: 2px 4px; }
}
`;
