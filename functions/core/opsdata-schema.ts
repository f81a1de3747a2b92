/**
 * The single source of the snapshot row schema: getappinfo field → column, type, meaning.
 * Row normalization, the Glue table, the column table in docs/query.md and the SQL tests all read it.
 * Field list: https://www.tencentcloud.com/document/product/1047/41939 (getappinfo).
 */

/** Bump when a column is added, removed or changes type; written into every row. */
export const SCHEMA_VERSION = 1;

/** Hive/Glue column types used by the table (Athena reads the NDJSON with these). */
export type ColumnType =
  | 'bigint'
  | 'int'
  | 'string'
  | 'date'
  | 'timestamp'
  | 'array<string>'
  | 'map<string,string>';

/** A getappinfo count: sent by the API as a decimal string, written as a JSON integer. */
export interface CountField {
  readonly apiField: string;
  readonly column: string;
  readonly description: string;
}

export interface Column {
  readonly name: keyof OpsdataRow;
  readonly type: ColumnType;
  readonly comment: string;
  /** The getappinfo field the column comes from, if any. */
  readonly apiField?: string;
}

/** Every documented count field, in the order of Tencent's field table. */
export const COUNT_FIELDS = [
  { apiField: 'ActiveUserNum', column: 'active_user_num', description: 'Number of active users' },
  {
    apiField: 'RegistUserNumOneDay',
    column: 'regist_user_num_one_day',
    description: 'Number of newly registered users',
  },
  {
    apiField: 'RegistUserNumTotal',
    column: 'regist_user_num_total',
    description: 'Total number of registered users',
  },
  { apiField: 'LoginTimes', column: 'login_times', description: 'Number of logins' },
  { apiField: 'LoginUserNum', column: 'login_user_num', description: 'Number of logged-in users' },
  { apiField: 'UpMsgNum', column: 'up_msg_num', description: 'Number of upstream messages' },
  {
    apiField: 'SendMsgUserNum',
    column: 'send_msg_user_num',
    description: 'Number of message sending users',
  },
  { apiField: 'APNSMsgNum', column: 'apns_msg_num', description: 'Number of pushed APNs messages' },
  {
    apiField: 'C2CUpMsgNum',
    column: 'c2c_up_msg_num',
    description: 'Number of upstream messages (C2C)',
  },
  {
    apiField: 'C2CDownMsgNum',
    column: 'c2c_down_msg_num',
    description: 'Number of downstream messages (C2C)',
  },
  {
    apiField: 'C2CSendMsgUserNum',
    column: 'c2c_send_msg_user_num',
    description: 'Number of message sending users (C2C)',
  },
  {
    apiField: 'C2CAPNSMsgNum',
    column: 'c2c_apns_msg_num',
    description: 'Number of pushed APNs messages (C2C)',
  },
  {
    apiField: 'MaxOnlineNum',
    column: 'max_online_num',
    description: 'Maximum number of online users',
  },
  {
    apiField: 'DownMsgNum',
    column: 'down_msg_num',
    description: 'Total number of downstream messages (C2C and group)',
  },
  {
    apiField: 'ChainIncrease',
    column: 'chain_increase',
    description: 'Increase in relationship chain pairs',
  },
  {
    apiField: 'ChainDecrease',
    column: 'chain_decrease',
    description: 'Decrease in relationship chain pairs',
  },
  {
    apiField: 'GroupUpMsgNum',
    column: 'group_up_msg_num',
    description: 'Number of upstream messages (group)',
  },
  {
    apiField: 'GroupDownMsgNum',
    column: 'group_down_msg_num',
    description: 'Number of downstream messages (group)',
  },
  {
    apiField: 'GroupSendMsgUserNum',
    column: 'group_send_msg_user_num',
    description: 'Number of message sending users (group)',
  },
  {
    apiField: 'GroupAPNSMsgNum',
    column: 'group_apns_msg_num',
    description: 'Number of pushed APNs messages (group)',
  },
  {
    apiField: 'GroupSendMsgGroupNum',
    column: 'group_send_msg_group_num',
    description: 'Number of message sending groups',
  },
  {
    apiField: 'GroupJoinGroupTimes',
    column: 'group_join_group_times',
    description: 'Total number of joined groups',
  },
  {
    apiField: 'GroupQuitGroupTimes',
    column: 'group_quit_group_times',
    description: 'Total number of left groups',
  },
  {
    apiField: 'GroupNewGroupNum',
    column: 'group_new_group_num',
    description: 'Number of newly added groups',
  },
  {
    apiField: 'GroupAllGroupNum',
    column: 'group_all_group_num',
    description: 'Total number of groups',
  },
  {
    apiField: 'GroupDestroyGroupNum',
    column: 'group_destroy_group_num',
    description: 'Number of disbanded groups',
  },
  { apiField: 'CallBackReq', column: 'callback_req', description: 'Number of callback requests' },
  { apiField: 'CallBackRsp', column: 'callback_rsp', description: 'Number of callback responses' },
] as const satisfies readonly CountField[];

/** A count column's name, e.g. `active_user_num`. */
export type CountColumn = (typeof COUNT_FIELDS)[number]['column'];

/**
 * One snapshot row, as written (one NDJSON line per `Result` element). Counts are `bigint` so that
 * values past 2^53 keep every digit; `null` where the field was not asked for or not valid.
 */
export interface OpsdataRow extends Readonly<Record<CountColumn, bigint | null>> {
  /** The configured SDKAppID the snapshot was taken for. */
  readonly app_id: bigint;
  readonly app_name: string | null;
  readonly company: string | null;
  /** `AppId` as the API reported it. */
  readonly api_app_id: bigint | null;
  /** The Beijing day the counts are for, `YYYY-MM-DD`. */
  readonly stat_date: string;
  /** API fields whose value was not a non-negative integer (written as null). */
  readonly invalid_fields: readonly string[];
  /** Fields the API sent that this schema does not know yet, as text. */
  readonly extra: Readonly<Record<string, string>>;
  /** ISO 8601 UTC. */
  readonly extracted_at: string;
  readonly run_id: string;
  readonly schema_version: number;
}

/**
 * A row with the run date (`dt`) of the snapshot it comes from: a line of a month object
 * (`days/<prefix>/month=YYYY-MM/<sdkAppId>.json`), a row of the view `getappinfo_daily`.
 */
export interface DatedRow extends OpsdataRow {
  /** The run date of the snapshot the row comes from, `YYYY-MM-DD`. */
  readonly dt: string;
}

/** Descriptive getappinfo fields that are not counts. */
export const INFO_FIELDS = {
  appName: 'AppName',
  appId: 'AppId',
  company: 'Company',
  date: 'Date',
} as const;

/** Every field getappinfo documents, accepted in `RequestField`. */
export const REQUESTABLE_FIELDS: readonly string[] = [
  INFO_FIELDS.appName,
  INFO_FIELDS.appId,
  INFO_FIELDS.company,
  ...COUNT_FIELDS.map((f) => f.apiField),
  INFO_FIELDS.date,
];

/**
 * `dt`, the run date: the snapshot table's partition (`<prefix>/dt=YYYY-MM-DD/`), the month
 * layer's last column (which snapshot each line came from).
 */
export const DT_COLUMN = {
  name: 'dt',
  type: 'date',
  comment: 'Snapshot (run) date in the configured time zone; one snapshot repeats the last 30 days',
} as const satisfies { name: string; type: ColumnType; comment: string };

/** The columns of a snapshot row, in the order they are written and declared in Glue. */
export const COLUMNS: readonly Column[] = [
  { name: 'app_id', type: 'bigint', comment: 'SDKAppID the snapshot was taken for (configured)' },
  { name: 'app_name', type: 'string', comment: 'App name', apiField: INFO_FIELDS.appName },
  { name: 'company', type: 'string', comment: 'Customer name', apiField: INFO_FIELDS.company },
  {
    name: 'api_app_id',
    type: 'bigint',
    comment: 'AppId as reported by the API',
    apiField: INFO_FIELDS.appId,
  },
  {
    name: 'stat_date',
    type: 'date',
    comment: 'Beijing day the counts are for',
    apiField: INFO_FIELDS.date,
  },
  ...COUNT_FIELDS.map(
    (f): Column => ({
      name: f.column,
      type: 'bigint',
      comment: f.description,
      apiField: f.apiField,
    }),
  ),
  {
    name: 'invalid_fields',
    type: 'array<string>',
    comment: 'API fields whose value was not a non-negative integer (written as null)',
  },
  {
    name: 'extra',
    type: 'map<string,string>',
    comment: 'Fields the API sent that this schema does not know yet',
  },
  { name: 'extracted_at', type: 'timestamp', comment: 'When the snapshot was taken (UTC)' },
  { name: 'run_id', type: 'string', comment: 'Id of the run that wrote the row' },
  { name: 'schema_version', type: 'int', comment: 'Version of this row schema' },
];
