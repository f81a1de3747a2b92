/**
 * The managed policy an analyst, QuickSight or Grafana role needs to query the snapshots: run
 * queries in the workgroup, read the tables, the view, the snapshot and month objects, write results.
 */
import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { monthLayerPrefix } from '../../functions/core/snapshot-layout.js';

/** Key prefix of Athena query results in the results bucket. */
export const RESULTS_PREFIX = 'athena-results';

export interface QueryPolicyProps {
  readonly bucket: s3.IBucket;
  readonly prefix: string;
  readonly resultsBucket: s3.IBucket;
  readonly workGroupName: string;
  readonly databaseName: string;
  readonly tableName: string;
  readonly monthTableName: string;
  readonly viewName: string;
}

/** Creates the query policy; it is attached to nothing, and grants the function nothing. */
export function createQueryPolicy(
  scope: Construct,
  id: string,
  props: QueryPolicyProps,
): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  const arn = (service: string, resource: string) =>
    stack.formatArn({ service, resource, arnFormat: ArnFormat.NO_RESOURCE_NAME });
  // The snapshots and the month layer; never the raw bodies.
  const readPrefixes = [props.prefix, monthLayerPrefix(props.prefix)];
  const policy = new iam.ManagedPolicy(scope, id, {
    description: `Run queries in Athena workgroup ${props.workGroupName} over ${props.databaseName}`,
    statements: [
      new iam.PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:GetQueryResultsStream',
          'athena:ListQueryExecutions',
          'athena:GetWorkGroup',
          'athena:ListNamedQueries',
          'athena:GetNamedQuery',
          'athena:BatchGetNamedQuery',
          'athena:BatchGetQueryExecution',
        ],
        resources: [arn('athena', `workgroup/${props.workGroupName}`)],
      }),
      new iam.PolicyStatement({
        actions: [
          'athena:GetDataCatalog',
          'athena:ListDatabases',
          'athena:GetDatabase',
          'athena:ListTableMetadata',
          'athena:GetTableMetadata',
        ],
        resources: [arn('athena', 'datacatalog/AwsDataCatalog')],
      }),
      new iam.PolicyStatement({
        actions: [
          'glue:GetDatabase',
          'glue:GetDatabases',
          'glue:GetTable',
          'glue:GetTables',
          'glue:GetPartition',
          'glue:GetPartitions',
        ],
        resources: [
          arn('glue', 'catalog'),
          arn('glue', `database/${props.databaseName}`),
          arn('glue', `table/${props.databaseName}/${props.tableName}`),
          arn('glue', `table/${props.databaseName}/${props.monthTableName}`),
          arn('glue', `table/${props.databaseName}/${props.viewName}`),
        ],
      }),
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: readPrefixes.map((p) => props.bucket.arnForObjects(`${p}/*`)),
      }),
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: {
          StringLike: { 's3:prefix': readPrefixes.flatMap((p) => [`${p}/*`, `${p}/`]) },
        },
      }),
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation'],
        resources: [props.bucket.bucketArn, props.resultsBucket.bucketArn],
      }),
      new iam.PolicyStatement({
        actions: [
          's3:GetObject',
          's3:PutObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
        resources: [props.resultsBucket.arnForObjects(`${RESULTS_PREFIX}/*`)],
      }),
      new iam.PolicyStatement({
        actions: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [props.resultsBucket.bucketArn],
      }),
    ],
  });
  for (const key of [props.bucket.encryptionKey, props.resultsBucket.encryptionKey]) {
    if (key) {
      policy.addStatements(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [key.keyArn],
        }),
      );
    }
  }
  // cdk-nag names each wildcard finding by its resource; only the object prefixes remain.
  Validations.of(policy).acknowledge(
    ...[
      ...readPrefixes.map((p) => props.bucket.arnForObjects(`${p}/*`)),
      props.resultsBucket.arnForObjects(`${RESULTS_PREFIX}/*`),
    ].map((resource) => ({
      id: `AwsSolutions-IAM5[Resource::${nagResourceText(stack.resolve(resource))}]`,
      reason:
        'Reading needs every object under the snapshot prefix and the month layer (days/<prefix>/); queries write results under the results prefix',
    })),
  );
  return policy;
}

/** How cdk-nag prints a resolved value in a finding id: `Ref` → `<Id>`, `GetAtt` → `<Id.Attr>`. */
function nagResourceText(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if ('Ref' in v) return `<${String(v.Ref)}>`;
  if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(nagResourceText).join(separator);
  }
  return JSON.stringify(value);
}
