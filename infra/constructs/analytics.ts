import { Aws, Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { addDays, monthOf } from '../../functions/core/dates.js';
import { SCHEMA_VERSION } from '../../functions/core/opsdata-schema.js';
import { monthLayerPrefix } from '../../functions/core/snapshot-layout.js';
import { checkCalendarDate, checkPrefix } from '../../functions/settings/checks.js';
import { SETTINGS } from '../../functions/settings/settings.js';
import {
  DEFAULT_TABLE_NAME,
  dailyViewName,
  dailyViewSql,
  MONTH_KEY,
  monthTableName,
  type NamedQuerySql,
  namedQueries,
  PARTITION_KEY,
  prestoType,
  prestoViewText,
  tableColumns,
} from '../athena-sql.js';
import { createQueryPolicy, RESULTS_PREFIX } from './query-policy.js';

export interface OpsdataAnalyticsProps {
  /** The snapshot bucket the function writes to (read here, never written). */
  readonly bucket: s3.IBucket;
  /** Key prefix of the typed rows, without slashes at either end. @default 'getappinfo' */
  readonly prefix?: string;
  /** First `dt` partition projected (YYYY-MM-DD); keep it close to the first snapshot. @default '2026-01-01' */
  readonly projectionStartDate?: string;
  /** Glue database (lowercase letters, digits, `_`). @default 'chat_opsdata' */
  readonly databaseName?: string;
  /**
   * Glue table holding every snapshot; the month table is `<tableName>_months`, the view
   * `<tableName>_daily`. @default 'getappinfo'
   */
  readonly tableName?: string;
  /** Athena workgroup name, unique in the account and region. @default 'chat-opsdata' */
  readonly workGroupName?: string;
  /**
   * Per-query scan limit in bytes (Athena's minimum is 10 MB). The default holds every saved query
   * for 400 apps × 10 years of the month layer (docs/benchmark.md). @default 4 GiB
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /** Where query results go; a bucket is created (encrypted, expiring) when not given. */
  readonly resultsBucket?: s3.IBucket;
  /** Lifetime of query results in the created results bucket. @default 30 days */
  readonly resultsExpiration?: Duration;
  /** Server access log target for the created results bucket; one is created when not given. */
  readonly accessLogsBucket?: s3.IBucket;
  /** Removal policy of the created buckets. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

const DATABASE_PATTERN = /^[a-z0-9_]{1,255}$/;
const MIN_CUTOFF_BYTES = 10_000_000;
// Athena's catalog name for the Glue Data Catalog, as written in view definitions.
const CATALOG = 'awsdatacatalog';
// The rows carry `extracted_at` as ISO 8601 UTC ("2026-11-28T02:00:03.123Z"); the Hive JSON SerDe
// only reads `yyyy-MM-dd HH:mm:ss[.f…]` unless told otherwise (Joda patterns, tried in order).
// https://docs.aws.amazon.com/athena/latest/ug/hive-json-serde.html
export const TIMESTAMP_FORMATS = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z',yyyy-MM-dd'T'HH:mm:ss'Z'";

/** The default scan cap: the largest saved query at 400 apps × 10 years is ~2.7 GiB (benchmark.md). */
export const DEFAULT_SCAN_CUTOFF_BYTES = 4 * 1024 ** 3;

/**
 * Makes the snapshots queryable in Athena on day one: a Glue table of every snapshot with partition
 * projection on `dt`, a table of the month layer with partition projection on `month`, the view
 * `<table>_daily` over the month layer, an enforced workgroup and named queries.
 */
export class OpsdataAnalytics extends Construct {
  readonly databaseName: string;
  readonly tableName: string;
  readonly monthTableName: string;
  readonly viewName: string;
  readonly workGroupName: string;
  readonly resultsBucket: s3.IBucket;
  /** Attach to an analyst, QuickSight or Grafana role: run queries in the workgroup, read the data. */
  readonly queryPolicy: iam.ManagedPolicy;
  readonly table: glue.CfnTable;
  readonly monthTable: glue.CfnTable;
  readonly view: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;
  readonly namedQueries: readonly athena.CfnNamedQuery[];

  constructor(scope: Construct, id: string, props: OpsdataAnalyticsProps) {
    super(scope, id);
    const prefix = props.prefix ?? SETTINGS.prefix.default;
    const startDate = props.projectionStartDate ?? '2026-01-01';
    this.databaseName = props.databaseName ?? 'chat_opsdata';
    this.tableName = props.tableName ?? DEFAULT_TABLE_NAME;
    this.monthTableName = monthTableName(this.tableName);
    this.viewName = dailyViewName(this.tableName);
    this.workGroupName = props.workGroupName ?? 'chat-opsdata';
    const cutoff = props.bytesScannedCutoffPerQuery ?? DEFAULT_SCAN_CUTOFF_BYTES;
    checkProps({
      prefix,
      startDate,
      databaseName: this.databaseName,
      tableName: this.tableName,
      cutoff,
    });

    const catalogId = Aws.ACCOUNT_ID;
    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId,
      databaseInput: {
        name: this.databaseName,
        description: 'Tencent Cloud Chat operations data (getappinfo daily snapshots)',
      },
    });

    const dataLocation = `s3://${props.bucket.bucketName}/${prefix}/`;
    const glueColumn = (c: { name: string; type: string; comment: string }) => ({
      name: c.name,
      type: c.type,
      comment: c.comment,
    });
    const [dataColumns, partitionKeys] = [
      tableColumns().filter((c) => c !== PARTITION_KEY),
      [PARTITION_KEY],
    ];
    this.table = new glue.CfnTable(this, 'Table', {
      catalogId,
      databaseName: database.ref,
      tableInput: {
        name: this.tableName,
        description: `Every getappinfo snapshot (one per app and run day, each repeating the last 30 days); use ${this.viewName} for one row per app and day`,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          EXTERNAL: 'TRUE',
          classification: 'json',
          'opsdata.schema_version': String(SCHEMA_VERSION),
          // Partition projection: no crawler, no MSCK REPAIR; every day from the start is a partition.
          // The end is NOW+1DAYS because `dt` is a Beijing (UTC+8) date and NOW is evaluated in UTC.
          // https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
          'projection.enabled': 'true',
          [`projection.${PARTITION_KEY.name}.type`]: 'date',
          [`projection.${PARTITION_KEY.name}.format`]: 'yyyy-MM-dd',
          [`projection.${PARTITION_KEY.name}.range`]: `${startDate},NOW+1DAYS`,
          [`projection.${PARTITION_KEY.name}.interval`]: '1',
          [`projection.${PARTITION_KEY.name}.interval.unit`]: 'DAYS',
          'storage.location.template': `${dataLocation}${PARTITION_KEY.name}=\${${PARTITION_KEY.name}}/`,
        },
        partitionKeys: partitionKeys.map(glueColumn),
        storageDescriptor: {
          location: dataLocation,
          columns: dataColumns.map(glueColumn),
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          compressed: false,
          // The Hive SerDe, not OpenX: Athena documents OpenX as non-deterministic on some inputs.
          serdeInfo: {
            serializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe',
            parameters: { 'timestamp.formats': TIMESTAMP_FORMATS },
          },
        },
      },
    });

    // The month layer: one object per app and month of stat_date, only under month=YYYY-MM/ (the
    // run's bookkeeping beside it, under runs/, is never read: the template names the folders).
    const monthLocation = `s3://${props.bucket.bucketName}/${monthLayerPrefix(prefix)}/`;
    const month = MONTH_KEY.name;
    this.monthTable = new glue.CfnTable(this, 'MonthTable', {
      catalogId,
      databaseName: database.ref,
      tableInput: {
        name: this.monthTableName,
        description: `One row per app and day: the newest snapshot's row of each day and its dt, one object per app and month of stat_date; ${this.viewName} reads it`,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          EXTERNAL: 'TRUE',
          classification: 'json',
          'opsdata.schema_version': String(SCHEMA_VERSION),
          // Every month from the one the first snapshot reaches back to (30 days before it); the
          // end is a day ahead of NOW for the same reason as dt's.
          'projection.enabled': 'true',
          [`projection.${month}.type`]: 'date',
          [`projection.${month}.format`]: 'yyyy-MM',
          [`projection.${month}.range`]: `${monthOf(addDays(startDate, -30))},NOW+1DAYS`,
          [`projection.${month}.interval`]: '1',
          [`projection.${month}.interval.unit`]: 'MONTHS',
          'storage.location.template': `${monthLocation}${month}=\${${month}}/`,
        },
        partitionKeys: [glueColumn(MONTH_KEY)],
        storageDescriptor: {
          location: monthLocation,
          columns: tableColumns().map(glueColumn),
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          compressed: false,
          serdeInfo: {
            serializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe',
            parameters: { 'timestamp.formats': TIMESTAMP_FORMATS },
          },
        },
      },
    });

    const viewColumns = tableColumns();
    this.view = new glue.CfnTable(this, 'DailyView', {
      catalogId,
      databaseName: database.ref,
      tableInput: {
        name: this.viewName,
        description: `One row per (app_id, stat_date) from the newest snapshot, read from ${this.monthTableName}`,
        tableType: 'VIRTUAL_VIEW',
        parameters: { presto_view: 'true', comment: 'Presto View' },
        viewOriginalText: prestoViewText({
          originalSql: dailyViewSql(this.monthTableName),
          catalog: CATALOG,
          schema: this.databaseName,
          columns: viewColumns.map((c) => ({ name: c.name, type: prestoType(c.type) })),
        }),
        viewExpandedText: '/* Presto View */',
        partitionKeys: [],
        storageDescriptor: { columns: viewColumns.map(glueColumn), serdeInfo: {}, location: '' },
      },
    });
    this.view.addResourceDependency(this.monthTable);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.resultsBucket =
      props.resultsBucket ??
      this.createResultsBucket(props.accessLogsBucket, props.resultsExpiration, removalPolicy);
    const resultsKey = this.resultsBucket.encryptionKey;
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: `Queries over ${this.databaseName} (chat-opsdata); results expire, scans are capped`,
      state: 'ENABLED',
      // Deleting the stack deletes the workgroup with its named queries and query history.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        requesterPaysEnabled: false,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: this.resultsBucket.s3UrlForObject(`${RESULTS_PREFIX}/`),
          expectedBucketOwner: Aws.ACCOUNT_ID,
          encryptionConfiguration: resultsKey
            ? { encryptionOption: 'SSE_KMS', kmsKey: resultsKey.keyArn }
            : { encryptionOption: 'SSE_S3' },
        },
      },
    });

    this.namedQueries = namedQueries(this.viewName, this.monthTableName).map((q: NamedQuerySql) => {
      const query = new athena.CfnNamedQuery(this, `Query${q.id}`, {
        name: q.name,
        description: q.description,
        database: this.databaseName,
        workGroup: this.workGroup.ref,
        queryString: q.sql,
      });
      query.addResourceDependency(this.view);
      return query;
    });

    this.queryPolicy = createQueryPolicy(this, 'QueryPolicy', {
      bucket: props.bucket,
      prefix,
      resultsBucket: this.resultsBucket,
      workGroupName: this.workGroupName,
      databaseName: this.databaseName,
      tableName: this.tableName,
      monthTableName: this.monthTableName,
      viewName: this.viewName,
    });
  }

  private createResultsBucket(
    accessLogsBucket: s3.IBucket | undefined,
    expiration: Duration | undefined,
    removalPolicy: RemovalPolicy,
  ): s3.Bucket {
    const secure = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy,
    };
    const logs =
      accessLogsBucket ??
      new s3.Bucket(this, 'ResultsAccessLogs', {
        ...secure,
        lifecycleRules: [{ expiration: Duration.days(90) }],
      });
    if (!accessLogsBucket) {
      Validations.of(logs).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'This bucket receives the Athena results bucket server access logs; logging it too would loop',
      });
    }
    return new s3.Bucket(this, 'Results', {
      ...secure,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'athena-results/',
      lifecycleRules: [
        {
          expiration: expiration ?? Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}

function checkProps(p: {
  prefix: string;
  startDate: string;
  databaseName: string;
  tableName: string;
  cutoff: number;
}): void {
  // The rule the function applies to SNAPSHOT_PREFIX, so the table points where the rows land.
  if (Token.isUnresolved(p.prefix)) throw new Error('OpsdataAnalytics: prefix must be a literal');
  checkPrefix(p.prefix, 'OpsdataAnalytics prefix');
  checkCalendarDate(p.startDate, 'OpsdataAnalytics projectionStartDate');
  for (const [field, value] of [
    ['databaseName', p.databaseName],
    ['tableName', p.tableName],
  ] as const) {
    if (!DATABASE_PATTERN.test(value)) {
      throw new Error(
        `OpsdataAnalytics: ${field} "${value}" must use only lowercase letters, digits and "_"`,
      );
    }
  }
  if (!Number.isInteger(p.cutoff) || p.cutoff < MIN_CUTOFF_BYTES) {
    throw new Error(
      `OpsdataAnalytics: bytesScannedCutoffPerQuery must be an integer ≥ ${MIN_CUTOFF_BYTES} (10 MB)`,
    );
  }
}
