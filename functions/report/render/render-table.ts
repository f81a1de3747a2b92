/** The table under an app's charts: its last 14 days, newest first, exact digits. */

import { groupDigits } from '../../core/format.js';
import type { CountColumn, OpsdataRow } from '../../core/opsdata-schema.js';
import type { AppHistory } from '../app-history.js';
import { type Html, html } from './html.js';

/** How many days the table shows. */
export const TABLE_DAYS = 14;

const COLUMNS: readonly {
  readonly group: string;
  readonly label: string;
  readonly column: CountColumn | 'rate';
}[] = [
  { group: 'Users', label: 'Active', column: 'active_user_num' },
  { group: 'Users', label: 'Logged in', column: 'login_user_num' },
  { group: 'Users', label: 'Peak online', column: 'max_online_num' },
  { group: 'Messages up', label: 'C2C', column: 'c2c_up_msg_num' },
  { group: 'Messages up', label: 'Group', column: 'group_up_msg_num' },
  { group: 'Messages down', label: 'C2C', column: 'c2c_down_msg_num' },
  { group: 'Messages down', label: 'Group', column: 'group_down_msg_num' },
  { group: 'Registrations', label: 'New', column: 'regist_user_num_one_day' },
  { group: 'Registrations', label: 'Total', column: 'regist_user_num_total' },
  { group: 'Callbacks', label: 'Success', column: 'rate' },
  { group: 'Groups', label: 'Created', column: 'group_new_group_num' },
  { group: 'Groups', label: 'Disbanded', column: 'group_destroy_group_num' },
  { group: 'Groups', label: 'Total', column: 'group_all_group_num' },
];

/** Responses per request as `99.87 %`, from the exact counts; `–` without requests. */
export function callbackRateText(row: OpsdataRow): string {
  const { callback_req: req, callback_rsp: rsp } = row;
  if (req === null || rsp === null || req === 0n) return '–';
  // Basis points by integer division, rounded half up: exact for any size of count.
  const rounded = (rsp * 20_000n + req) / (2n * req);
  // Never 100.00 % while a request went unanswered, as the digest shows it.
  const bp = rsp < req && rounded >= 10_000n ? 9_999n : rounded;
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, '0')} %`;
}

function cell(row: OpsdataRow, column: CountColumn | 'rate'): string {
  if (column === 'rate') return callbackRateText(row);
  const value = row[column];
  return value === null ? '–' : groupDigits(value);
}

type Column = (typeof COLUMNS)[number];

function headGroups(columns: readonly Column[]): Html[] {
  const groups: { name: string; span: number }[] = [];
  for (const c of columns) {
    const last = groups.at(-1);
    if (last?.name === c.group) last.span++;
    else groups.push({ name: c.group, span: 1 });
  }
  return groups.map((g) => html`<th scope="colgroup" colspan="${g.span}">${g.name}</th>`);
}

/** The table of the app's last `TABLE_DAYS` days; a day no snapshot has says so. */
export function renderTable(history: AppHistory): Html {
  const days = history.days.map((day, i) => ({ day, row: history.rows[i] ?? null }));
  const shown = days.slice(-TABLE_DAYS).reverse();
  // A column no shown day has a value for (a field not asked for with --fields) is left out.
  const columns = COLUMNS.filter((c) =>
    shown.some(({ row }) => row !== null && cell(row, c.column) !== '–'),
  );
  const body = shown.map(({ day, row }) =>
    row === null
      ? html`<tr class="missing"><th scope="row">${day}</th><td colspan="${Math.max(1, columns.length)}">no snapshot has this day</td></tr>`
      : html`<tr><th scope="row">${day}</th>${columns.map((c) => html`<td>${cell(row, c.column)}</td>`)}</tr>`,
  );
  return html`<div class="table-wrap"><table class="days">
<caption>The last ${shown.length} days, newest first</caption>
<thead><tr><th scope="col" rowspan="2">Day</th>${headGroups(columns)}</tr>
<tr>${columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody>${body}</tbody>
</table></div>`;
}
