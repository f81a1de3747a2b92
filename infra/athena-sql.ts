/**
 * The analytics SQL, kept pure so the stack deploys and the tests run the very same text:
 * the view over the month layer, the named queries and the Athena (Presto/Trino) view encoding.
 * Everything here stays in the SQL subset that Trino (Athena engine v3) and DuckDB share.
 */
import { COLUMNS, type ColumnType, DT_COLUMN } from '../functions/core/opsdata-schema.js';

/** A Glue column as the table declares it. */
export interface GlueColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly comment: string;
}

/** The snapshot partition: the run date in the configured time zone (`…/dt=YYYY-MM-DD/`). */
export const PARTITION_KEY: GlueColumn = DT_COLUMN;

/** The month layer's partition: the month of `stat_date` (`days/<prefix>/month=YYYY-MM/`). */
export const MONTH_KEY: GlueColumn = {
  name: 'month',
  type: 'string',
  comment: 'Month of stat_date, YYYY-MM: the month object the row is in',
};

export const DEFAULT_TABLE_NAME = 'getappinfo';

/** The view's name for a table: `getappinfo` → `getappinfo_daily`. */
export function dailyViewName(tableName: string): string {
  return `${tableName}_daily`;
}

/** The month table's name for a table: `getappinfo` → `getappinfo_months`. */
export function monthTableName(tableName: string): string {
  return `${tableName}_months`;
}

/** The columns `SELECT *` returns from the table (and from the view): data columns, then `dt`. */
export function tableColumns(): readonly GlueColumn[] {
  return [...COLUMNS.map(({ name, type, comment }) => ({ name, type, comment })), PARTITION_KEY];
}

const PRESTO_TYPES: Record<ColumnType, string> = {
  bigint: 'bigint',
  int: 'integer',
  string: 'varchar',
  date: 'date',
  // Athena engine v3 reads Hive timestamps at millisecond precision.
  timestamp: 'timestamp(3)',
  'array<string>': 'array(varchar)',
  'map<string,string>': 'map(varchar,varchar)',
};

/** The Trino type Athena reports for a Hive column type (what a view definition must carry). */
export function prestoType(type: ColumnType): string {
  return PRESTO_TYPES[type];
}

const columnList = (indent: string) =>
  tableColumns()
    .map((c) => `${indent}${c.name}`)
    .join(',\n');

/**
 * The view: one row per (app_id, stat_date) from the month table, whose objects hold exactly that
 * (the newest snapshot's row of each day and its `dt`, kept so by every run and by compact). A plain
 * projection, so Athena reads only the month objects and a `WHERE` on the month table's `month`
 * prunes folders.
 */
export function dailyViewSql(monthTable: string): string {
  return `SELECT
${columnList('  ')}
FROM ${monthTable}`;
}

/**
 * The same answer from the snapshot table, the view as it was before the month layer: per
 * (app_id, stat_date) the newest snapshot's row (`dt`, then `extracted_at`, then `run_id`), read
 * from every snapshot. For the history of revisions, and the reference the SQL tests and the
 * benchmark hold the month layer to.
 */
export function snapshotDailySql(tableName: string): string {
  return `SELECT
${columnList('  ')}
FROM (
  SELECT
    t.*,
    row_number() OVER (
      PARTITION BY app_id, stat_date
      ORDER BY dt DESC, extracted_at DESC, run_id DESC
    ) AS snapshot_rank
  FROM ${tableName} t
) ranked
WHERE snapshot_rank = 1`;
}

export interface PrestoViewDefinition {
  readonly originalSql: string;
  readonly catalog: string;
  readonly schema: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/**
 * The Glue `ViewOriginalText` Athena writes for a view: the Presto view JSON, base64-encoded.
 * https://docs.aws.amazon.com/athena/latest/ug/views.html (views are Glue tables of type VIRTUAL_VIEW)
 */
export function prestoViewText(view: PrestoViewDefinition): string {
  return `/* Presto View: ${Buffer.from(JSON.stringify(view), 'utf8').toString('base64')} */`;
}

/**
 * Reads a `ViewOriginalText` back into its definition.
 * @throws Error when the text is not a Presto view.
 */
export function parsePrestoViewText(text: string): PrestoViewDefinition {
  const match = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(text);
  if (!match?.[1])
    throw new Error('not a Presto view text: expected "/* Presto View: <base64> */"');
  return JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as PrestoViewDefinition;
}

export interface NamedQuerySql {
  /** Short id, also the CDK construct id. */
  readonly id: string;
  /** The name shown in Athena's "Saved queries". */
  readonly name: string;
  readonly description: string;
  readonly sql: string;
}

/**
 * Keeps the months from `days` days before today on: Athena prunes the month folders by it
 * (`current_date` is fixed when the query is planned), so a question about recent days reads a
 * month or two, whatever the years of history. `CAST(date AS varchar)` starts `YYYY-MM-DD` in
 * Trino and in DuckDB (where the difference is a timestamp).
 */
export function monthsSince(column: string, days: number): string {
  return `${column} >= substr(CAST(current_date - INTERVAL '${days}' DAY AS varchar), 1, 7)`;
}

/** The days back *Latest day per app* looks: its month and the one before, whatever the date. */
export const LATEST_DAY_WINDOW_DAYS = 31;

const pctChange = (column: string) =>
  `round(CAST(cur.${column} - prev.${column} AS double) * 100 / nullif(prev.${column}, 0), 1)`;

/**
 * The questions an operations lead asks first: over the view, or — for the newest day — over the
 * month table, pruned to the last month or two.
 */
export function namedQueries(viewName: string, monthTable: string): readonly NamedQuerySql[] {
  return [
    {
      id: 'DauTrend',
      name: 'Daily active users trend',
      description: 'Active users per app and day, with the average of the last 7 days present',
      sql: `SELECT
  app_id,
  app_name,
  stat_date,
  active_user_num,
  round(avg(active_user_num) OVER (
    PARTITION BY app_id ORDER BY stat_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW
  ), 1) AS active_user_num_7d_avg
FROM ${viewName}
ORDER BY app_id, stat_date`,
    },
    {
      id: 'MessagesC2cVsGroup',
      name: 'Messages up and down, C2C vs group, by day',
      description: 'Upstream and downstream message counts per app and day, one-to-one vs group',
      sql: `SELECT
  app_id,
  app_name,
  stat_date,
  c2c_up_msg_num,
  c2c_down_msg_num,
  group_up_msg_num,
  group_down_msg_num,
  up_msg_num,
  down_msg_num
FROM ${viewName}
ORDER BY app_id, stat_date`,
    },
    {
      id: 'Registrations',
      name: 'New registrations and total users',
      description:
        'New users per app and day, total registered users and its change on the day before',
      sql: `SELECT
  app_id,
  app_name,
  stat_date,
  regist_user_num_one_day AS new_users,
  regist_user_num_total AS total_users,
  regist_user_num_total - lag(regist_user_num_total) OVER (
    PARTITION BY app_id ORDER BY stat_date
  ) AS total_users_change
FROM ${viewName}
ORDER BY app_id, stat_date`,
    },
    {
      id: 'PeakConcurrentUsers',
      name: 'Peak concurrent users',
      description: 'The highest online user count per app and the (latest) day it happened',
      sql: `SELECT app_id, app_name, stat_date AS peak_date, max_online_num AS peak_online_users
FROM (
  SELECT
    app_id,
    app_name,
    stat_date,
    max_online_num,
    row_number() OVER (
      PARTITION BY app_id ORDER BY max_online_num DESC, stat_date DESC
    ) AS peak_rank
  FROM ${viewName}
  WHERE max_online_num IS NOT NULL
) ranked
WHERE peak_rank = 1
ORDER BY app_id`,
    },
    {
      id: 'LatestDayPerApp',
      name: 'Latest day per app',
      description:
        'The newest day of data per app (this month or the last), its headline numbers and the snapshot it came from',
      sql: `SELECT
  d.app_id,
  d.app_name,
  d.stat_date,
  d.active_user_num,
  d.login_user_num,
  d.regist_user_num_one_day,
  d.regist_user_num_total,
  d.up_msg_num,
  d.down_msg_num,
  d.max_online_num,
  d.dt AS snapshot_date,
  d.extracted_at
FROM ${monthTable} d
JOIN (
  SELECT app_id, max(stat_date) AS stat_date
  FROM ${monthTable}
  WHERE ${monthsSince('month', LATEST_DAY_WINDOW_DAYS)}
  GROUP BY app_id
) latest ON d.app_id = latest.app_id AND d.stat_date = latest.stat_date
WHERE ${monthsSince('d.month', LATEST_DAY_WINDOW_DAYS)}
ORDER BY d.app_id`,
    },
    {
      id: 'WeekOverWeek',
      name: 'Week-over-week change',
      description:
        'Each day against the same weekday one week earlier: active users, messages, new users (%)',
      sql: `SELECT
  cur.app_id,
  cur.app_name,
  cur.stat_date,
  cur.active_user_num,
  prev.active_user_num AS active_user_num_week_ago,
  ${pctChange('active_user_num')} AS active_user_num_change_pct,
  cur.up_msg_num,
  prev.up_msg_num AS up_msg_num_week_ago,
  ${pctChange('up_msg_num')} AS up_msg_num_change_pct,
  cur.regist_user_num_one_day,
  prev.regist_user_num_one_day AS regist_user_num_one_day_week_ago,
  ${pctChange('regist_user_num_one_day')} AS regist_user_num_one_day_change_pct
FROM ${viewName} cur
JOIN ${viewName} prev
  ON prev.app_id = cur.app_id AND prev.stat_date = cur.stat_date - INTERVAL '7' DAY
ORDER BY cur.app_id, cur.stat_date`,
    },
  ];
}
