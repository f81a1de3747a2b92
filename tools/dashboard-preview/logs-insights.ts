/**
 * The Logs Insights queries the dashboard's log widgets run, evaluated over simulated log events:
 * the subset of the language the dashboard uses — `filter <field> = "<text>"`, `stats latest(…)
 * as …, … by <field>`, `sort <field> asc|desc, …`, `limit <n>`.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
 */

/** A log event as Insights sees a JSON line: nested keys flattened to `figures.active_users`. */
export type LogEvent = Readonly<Record<string, unknown>>;

/** The table a query gives: its columns in order and one row per group. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** `{ a: { b: 1 } }` → `{ 'a.b': 1 }`, as Insights discovers the fields of a JSON log line. */
export function flatten(value: Readonly<Record<string, unknown>>, prefix = ''): LogEvent {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      Object.assign(out, flatten(v as Record<string, unknown>, name));
    } else out[name] = v;
  }
  return out;
}

const compare = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));

/**
 * Runs `query` (its commands, without `SOURCE …`) over `events`, oldest first.
 * @throws Error for a command the preview does not evaluate.
 */
export function runQuery(query: string, events: readonly LogEvent[]): QueryResult {
  let rows: LogEvent[] = [...events];
  let columns: string[] | undefined;
  for (const command of query.split('|').map((c) => c.trim())) {
    if (command.startsWith('SOURCE ')) continue;
    const filter = /^filter (\S+) = "([^"]*)"$/.exec(command);
    const stats = /^stats (.+) by (\S+)$/.exec(command);
    const sort = /^sort (.+)$/.exec(command);
    const limit = /^limit (\d+)$/.exec(command);
    if (filter) {
      const [, field = '', text] = filter;
      rows = rows.filter((row) => row[field] === text);
    } else if (stats) {
      const [, list = '', by = ''] = stats;
      const fields = list.split(',').map((part) => {
        const s = /^latest\(([^)]+)\) as (\w+)$/.exec(part.trim());
        if (!s) throw new Error(`the preview evaluates latest(…) only, not ${part.trim()}`);
        return { field: s[1] as string, as: s[2] as string };
      });
      const groups = new Map<unknown, LogEvent[]>();
      for (const row of rows) groups.set(row[by], [...(groups.get(row[by]) ?? []), row]);
      rows = [...groups.entries()].map(([key, group]) => ({
        [by]: key,
        ...Object.fromEntries(fields.map((f) => [f.as, group.at(-1)?.[f.field] ?? null])),
      }));
      columns = [by, ...fields.map((f) => f.as)];
    } else if (sort) {
      const keys = (sort[1] ?? '').split(',').map((k) => k.trim().split(/\s+/));
      rows.sort((a, b) => {
        for (const [field = '', order = 'asc'] of keys) {
          const c = compare(a[field], b[field]);
          if (c !== 0) return order === 'desc' ? -c : c;
        }
        return 0;
      });
    } else if (limit) {
      rows = rows.slice(0, Number(limit[1]));
    } else {
      throw new Error(`the preview does not evaluate the Logs Insights command "${command}"`);
    }
  }
  const cols = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return { columns: cols, rows: rows.map((row) => cols.map((c) => row[c] ?? null)) };
}
