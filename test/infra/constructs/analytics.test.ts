import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../../../functions/core/opsdata-schema.js';
import { parsePrestoViewText } from '../../../infra/athena-sql.js';
import { TIMESTAMP_FORMATS } from '../../../infra/constructs/analytics.js';
import {
  flatten,
  glueTableInput,
  namedQueriesOf,
  synthAnalytics,
} from '../../../tools/harness/athena-synth.js';
import { resource, synth } from '../../../tools/harness/synth.js';
import { defaultStack } from '../../support/default-stack.js';

const { template, stack } = synthAnalytics();
const table = glueTableInput(template, 'getappinfo');
const months = glueTableInput(template, 'getappinfo_months');
const view = glueTableInput(template, 'getappinfo_daily');
const bucketRef = `<${stack.getLogicalId(stack.node.findChild('Snapshots').node.defaultChild as never)}>`;

describe('Glue table', () => {
  it('declares every schema column in order, with its Glue type and comment', () => {
    expect(table.StorageDescriptor.Columns).toEqual(
      COLUMNS.map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
    );
  });

  it('is partitioned by dt as a date', () => {
    expect(table.PartitionKeys).toEqual([expect.objectContaining({ Name: 'dt', Type: 'date' })]);
  });

  it('reads the rows with the Hive JSON SerDe and parses ISO 8601 UTC timestamps', () => {
    expect(table.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe',
      Parameters: { 'timestamp.formats': TIMESTAMP_FORMATS },
    });
    expect(TIMESTAMP_FORMATS.split(',')[0]).toBe("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    expect(table.StorageDescriptor.InputFormat).toBe('org.apache.hadoop.mapred.TextInputFormat');
  });

  it('projects a dt partition per day from the start date, with no crawler or MSCK REPAIR', () => {
    expect(table.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2026-01-01,NOW+1DAYS',
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
    });
  });

  it('points at the typed rows under the prefix, never at raw/', () => {
    expect(flatten(table.Parameters['storage.location.template'])).toBe(
      `s3://${bucketRef}/getappinfo/dt=\${dt}/`,
    );
    expect(flatten(table.StorageDescriptor.Location)).toBe(`s3://${bucketRef}/getappinfo/`);
  });

  it('follows a custom prefix and database name', () => {
    const custom = synthAnalytics({ prefix: 'chat/ops', databaseName: 'ops_db' });
    const t = glueTableInput(custom.template, 'getappinfo');
    expect(flatten(t.Parameters['storage.location.template'])).toMatch(
      /\/chat\/ops\/dt=\$\{dt\}\/$/,
    );
    custom.template.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: { Name: 'ops_db' },
    });
  });
});

describe('Glue month table', () => {
  it('declares the snapshot columns, then dt, as data columns, with Glue types and comments', () => {
    expect(months.StorageDescriptor.Columns).toEqual([
      ...COLUMNS.map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
      expect.objectContaining({ Name: 'dt', Type: 'date' }),
    ]);
    expect(months.StorageDescriptor.SerdeInfo).toEqual(table.StorageDescriptor.SerdeInfo);
  });

  it('is partitioned by month, projected month by month from 30 days before the first snapshot', () => {
    expect(months.PartitionKeys).toEqual([
      expect.objectContaining({ Name: 'month', Type: 'string' }),
    ]);
    expect(months.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.month.type': 'date',
      'projection.month.format': 'yyyy-MM',
      // The first snapshot (2026-01-01) holds December 2025's last days.
      'projection.month.range': '2025-12,NOW+1DAYS',
      'projection.month.interval': '1',
      'projection.month.interval.unit': 'MONTHS',
    });
  });

  it('reads only the month=YYYY-MM/ folders under days/<prefix>/, not the run bookkeeping beside them', () => {
    expect(flatten(months.Parameters['storage.location.template'])).toBe(
      `s3://${bucketRef}/days/getappinfo/month=\${month}/`,
    );
    expect(flatten(months.StorageDescriptor.Location)).toBe(`s3://${bucketRef}/days/getappinfo/`);
  });
});

describe('latest-snapshot view', () => {
  it('is a Presto view stored as a VIRTUAL_VIEW Glue table', () => {
    expect(view.TableType).toBe('VIRTUAL_VIEW');
    expect(view.Parameters).toEqual({ presto_view: 'true', comment: 'Presto View' });
    expect(view.ViewExpandedText).toBe('/* Presto View */');
    expect(view.ViewOriginalText).toMatch(/^\/\* Presto View: [A-Za-z0-9+/=]+ \*\/$/);
  });

  it('declares the columns SELECT * returns from the table, with the Trino types Athena derives', () => {
    const definition = parsePrestoViewText(view.ViewOriginalText ?? '');
    const trino: Record<string, string> = {
      bigint: 'bigint',
      string: 'varchar',
      date: 'date',
      timestamp: 'timestamp(3)',
      int: 'integer',
      'array<string>': 'array(varchar)',
      'map<string,string>': 'map(varchar,varchar)',
    };
    // The columns the view always had: the snapshot table's, dt last.
    const tableColumns = [...table.StorageDescriptor.Columns, ...table.PartitionKeys];
    expect(definition.columns).toEqual(
      tableColumns.map((c) => ({ name: c.Name, type: trino[c.Type] })),
    );
    expect(view.StorageDescriptor.Columns.map((c) => [c.Name, c.Type])).toEqual(
      tableColumns.map((c) => [c.Name, c.Type]),
    );
    expect(definition.catalog).toBe('awsdatacatalog');
    expect(definition.schema).toBe('chat_opsdata');
  });

  it('selects every column from the month table by its unqualified name, and nothing else', () => {
    const { originalSql } = parsePrestoViewText(view.ViewOriginalText ?? '');
    expect(originalSql).toBe(
      `SELECT\n${[...COLUMNS.map((c) => c.name), 'dt'].map((n) => `  ${n}`).join(',\n')}\nFROM getappinfo_months`,
    );
  });
});

describe('Athena workgroup', () => {
  it('enforces its settings: engine v3, encrypted expiring results, a scan cap, metrics', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'chat-opsdata',
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 4 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: Match.anyValue(),
        },
      },
    });
  });

  it('writes results to a private, TLS-only, logged bucket that expires them', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: Match.anyValue(),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'athena-results/' }),
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })],
      },
    });
  });

  it('takes the scan cap and results lifetime from props', () => {
    const custom = synthAnalytics({
      bytesScannedCutoffPerQuery: 200_000_000,
      resultsExpiration: Duration.days(7),
    });
    custom.template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({ BytesScannedCutoffPerQuery: 200_000_000 }),
    });
    custom.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] },
    });
  });

  it('uses a given results bucket instead of creating one', () => {
    const { template: t } = synthAnalytics({
      resultsBucket: Bucket.fromBucketName(stack, 'Given', 'existing-results'),
    });
    // Only the test's snapshot bucket is left.
    t.resourceCountIs('AWS::S3::Bucket', 1);
    t.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        ResultConfiguration: Match.objectLike({
          OutputLocation: 's3://existing-results/athena-results/',
        }),
      }),
    });
  });
});

describe('named queries', () => {
  it('saves the six operations questions in the workgroup, over the view or the pruned month table', () => {
    const queries = namedQueriesOf(template);
    expect(queries.map((q) => q.Name).sort()).toEqual(
      [
        'Daily active users trend',
        'Latest day per app',
        'Messages up and down, C2C vs group, by day',
        'New registrations and total users',
        'Peak concurrent users',
        'Week-over-week change',
      ].sort(),
    );
    for (const q of queries) {
      expect(q.Database).toBe('chat_opsdata');
      expect(flatten(q.WorkGroup)).toMatch(/^<AnalyticsWorkGroup/);
      if (q.Name === 'Latest day per app') {
        // Both reads of the month table keep to the months from 31 days back.
        expect(q.QueryString.match(/\bFROM getappinfo_months\b/g)).toHaveLength(2);
        expect(
          q.QueryString.match(
            /month >= substr\(CAST\(current_date - INTERVAL '31' DAY AS varchar\), 1, 7\)/g,
          ),
        ).toHaveLength(2);
      } else {
        expect(q.QueryString).toMatch(/\bFROM getappinfo_daily\b/);
        expect(q.QueryString).not.toMatch(/getappinfo_months/);
      }
    }
  });
});

describe('least privilege', () => {
  it('grants the query policy reads on the snapshot prefix and the month layer only, no writes to the data', () => {
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies).toHaveLength(1);
    const statements = JSON.stringify(policies[0]);
    expect(statements).not.toMatch(/s3:PutObject[^\]]*getappinfo/);
    expect(statements).toContain('"/getappinfo/*"');
    expect(statements).toContain('"/days/getappinfo/*"');
    expect(statements).toContain(
      '"s3:prefix":["getappinfo/*","getappinfo/","days/getappinfo/*","days/getappinfo/"]',
    );
    expect(statements).toContain(':table/chat_opsdata/getappinfo_months"');
    expect(statements).not.toContain('raw/');
  });

  it('passes the AwsSolutions checks for everything it creates', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const ours = report.violations.flatMap((v) =>
      v.violatingResources
        .filter((r) => r.constructPath?.startsWith('AnalyticsTest/Analytics/'))
        .map((r) => `${v.ruleName} ${r.constructPath}`),
    );
    expect(ours).toEqual([]);
  });
});

describe('props', () => {
  it.each([
    [{ prefix: '/getappinfo/' }, /prefix/],
    [{ prefix: 'raw/getappinfo' }, /raw/],
    [{ projectionStartDate: '2026-1-1' }, /projectionStartDate/],
    [{ databaseName: 'Chat-Opsdata' }, /databaseName/],
    [{ bytesScannedCutoffPerQuery: 1000 }, /bytesScannedCutoffPerQuery/],
  ])('rejects %o, naming the problem', (props, message) => {
    expect(() => synthAnalytics(props)).toThrow(message);
  });
});

describe('analytics in the stack', () => {
  const { s, ids } = defaultStack();

  it('puts the Glue table over the snapshot prefix of this bucket, projected from firstSnapshotDate', () => {
    const table = resource(s.template, ids.table);
    const input = (table.Properties as { TableInput: unknown }).TableInput as {
      StorageDescriptor: { Location: unknown };
      Parameters: Record<string, unknown>;
    };
    expect(input.StorageDescriptor.Location).toEqual({
      'Fn::Join': ['', ['s3://', { Ref: ids.bucket }, '/getappinfo/']],
    });
    expect(input.Parameters['storage.location.template']).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's own placeholder syntax
      'Fn::Join': ['', ['s3://', { Ref: ids.bucket }, '/getappinfo/dt=${dt}/']],
    });
    expect(input.Parameters['projection.dt.range']).toBe('2026-01-01,NOW+1DAYS');
  });

  it('follows the firstSnapshotDate and snapshotPrefix context', () => {
    const other = synth({
      'chat-opsdata:firstSnapshotDate': '2027-03-01',
      'chat-opsdata:snapshotPrefix': 'chat',
    });
    const tables = Object.values(other.template.findResources('AWS::Glue::Table')).map(
      (t) => (t.Properties as { TableInput: { Parameters?: Record<string, unknown> } }).TableInput,
    );
    const params = tables.find((t) => t.Parameters?.['projection.enabled'] === 'true')?.Parameters;
    expect(params?.['projection.dt.range']).toBe('2027-03-01,NOW+1DAYS');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's own placeholder syntax
    expect(JSON.stringify(params?.['storage.location.template'])).toContain('/chat/dt=${dt}/');
  });

  it('sends the results bucket access logs to the stack access-log bucket, not a third bucket', () => {
    expect(Object.keys(s.template.findResources('AWS::S3::Bucket'))).toHaveLength(3);
    expect(s.idOf(s.stack.accessLogsBucket)).toBe(ids.accessLogs);
  });
});
