/**
 * The digest in words, for a terminal and a plain-text e-mail. Values that came from the API (app
 * names) go through `plainText` (core/plain-text.ts) wherever these lines are put together.
 */
import { addDays, datedShort } from '../core/dates.js';
import { groupDigits, wrapParts } from '../core/format.js';
import type { Digest, DigestMetric, DigestMetricId } from './digest.js';

/** `3,428`, `99.7 %` (`99.96 %` near 100, where a tenth hides failures), or `–` for no value. */
export function formatValue(value: number | null, unit: DigestMetric['unit']): string {
  if (value === null) return '–';
  if (unit === 'count') return groupDigits(value);
  return `${value.toFixed(value >= 99 && value < 100 ? 2 : 1)} %`;
}

/** `+8.0 %`, `−29.6 %` (a real minus sign), or `n/a` when there is no baseline. */
export function formatChange(changePct: number | null, space = ' '): string {
  if (changePct === null) return 'n/a';
  const sign = changePct > 0 ? '+' : changePct < 0 ? '−' : '±';
  return `${sign}${Math.abs(changePct).toFixed(1)}${space}%`;
}

/** `−0.26 pp`: a rate's change in percentage points, or `n/a` when there is no baseline. */
export function formatPoints(points: number | null, space = ' '): string {
  if (points === null) return 'n/a';
  const sign = points > 0 ? '+' : points < 0 ? '−' : '±';
  return `${sign}${Math.abs(points).toFixed(2)}${space}pp`;
}

/**
 * A key figure's week-over-week change as people read it: a count's in percent (`+8.0 %`), a
 * rate's in percentage points (`−0.26 pp`: a relative −0.3 % of 99.9 % says nothing).
 */
export function formatMetricChange(metric: DigestMetric, space = ' '): string {
  return metric.unit === 'percent'
    ? formatPoints(metric.changePoints, space)
    : formatChange(metric.changePct, space);
}

/** Short names for the one-line digest (which leaves out the total of registered users). */
const SHORT: Readonly<Record<Exclude<DigestMetricId, 'total_registrations'>, string>> = {
  active_users: 'active',
  login_users: 'login',
  messages_up: 'up',
  messages_down: 'down',
  peak_online: 'peak',
  new_registrations: 'new',
  callback_success_rate: 'callbacks',
};

/**
 * The day's key figures, each with its change against the same weekday a week earlier, as lines
 * of at most `columns` characters, e.g. `Fri 11-27 vs Fri 11-20: active 3,428 +8.0% · …`;
 * a line that breaks ends with `·`, and the next starts two spaces in.
 */
export function digestLines(digest: Digest, columns = Number.POSITIVE_INFINITY): string[] {
  if (digest.day === null) return ['no days in this snapshot'];
  const figures = digest.metrics.flatMap((metric) => {
    const { id, value, unit } = metric;
    if (id === 'total_registrations' || value === null) return [];
    const shown = formatValue(value, unit).replace(' %', '%');
    return [`${SHORT[id]} ${shown} ${formatMetricChange(metric, unit === 'percent' ? ' ' : '')}`];
  });
  // A day whose row holds none of the key figures (none of their fields sent) says so.
  const [first = 'no key figures', ...rest] = figures;
  const head = `${datedShort(digest.day)} vs ${datedShort(addDays(digest.day, -7))}:`;
  return wrapParts([`${head} ${first}`, ...rest], ' · ', columns, '  ');
}

/**
 * The digest as a small table, for the e-mail: one row per key figure with the day, the day
 * before, the week-earlier day, the week's median and the change.
 */
export function digestTable(digest: Digest): string[] {
  const header = ['', 'day', 'day before', 'week earlier', '7-day median', 'change'];
  const rows = digest.metrics.map((m) => [
    m.label,
    formatValue(m.value, m.unit),
    formatValue(m.dayBefore, m.unit),
    formatValue(m.weekAgo, m.unit),
    // Rounded by formatValue only, as the report shows it (never rounded twice).
    formatValue(m.median7, m.unit),
    formatMetricChange(m),
  ]);
  const widths = header.map((_, i) =>
    // Stryker disable next-line StringLiteral: every row has the header's six cells; '' only satisfies noUncheckedIndexedAccess
    Math.max(...[header, ...rows].map((r) => (r[i] ?? '').length)),
  );
  return [header, ...rows].map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
