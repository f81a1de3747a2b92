import { fileURLToPath } from 'node:url';
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../functions/lib/run-metrics.js';
import { OpsdataAlarms } from './alarms.js';
import { OpsdataAnalytics } from './analytics.js';
import { BUNDLE_TARGET, ESM_REQUIRE_BANNER, MAIN_FIELDS } from './bundling.js';
import type { OpsdataConfig } from './config.js';
import { DailySchedule } from './daily-schedule.js';
import { importSecret } from './secret-ref.js';
import { SnapshotBucket } from './snapshot-bucket.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Lambda handler the stack bundles. */
export const HANDLER_ENTRY = fileURLToPath(new URL('../functions/handler.ts', import.meta.url));

/**
 * Worst case for one app: ~5 attempts × 10 s HTTP timeout + backoff ≈ 70 s, plus Secrets Manager
 * and S3. The pipeline stops retrying at `getRemainingTimeInMillis()`, so this is the ceiling for a
 * whole run of several apps, not a per-app budget.
 */
export const FUNCTION_TIMEOUT = Duration.minutes(3);
/** 256 MB: the run needs < 128 MB, but arm64 CPU scales with memory and cold start is CPU-bound. */
export const FUNCTION_MEMORY_MB = 256;

export interface ChatOpsdataStackProps extends StackProps {
  readonly config: OpsdataConfig;
}

/**
 * The deployable chat-opsdata app: a daily EventBridge schedule invokes the snapshot function,
 * which reads one secret and writes two prefixes of one bucket; alarms go to one SNS topic.
 */
export class ChatOpsdataStack extends Stack {
  /** The snapshot bucket (typed rows under `snapshotPrefix/`, API bodies under `raw/…`). */
  readonly bucket: s3.Bucket;
  /** Key prefix of the typed NDJSON rows: `<snapshotPrefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly snapshotPrefix: string;
  /** Key prefix of the raw API bodies: `raw/<snapshotPrefix>/dt=YYYY-MM-DD/<sdkAppId>.json`. */
  readonly rawPrefix: string;
  /** Receives the snapshot bucket's server access logs; other buckets of the app may log here. */
  readonly accessLogsBucket: s3.Bucket;
  readonly fn: NodejsFunction;
  readonly secret: secretsmanager.ISecret;
  readonly schedule: scheduler.Schedule;
  readonly alarms: OpsdataAlarms;
  readonly analytics: OpsdataAnalytics;

  constructor(scope: Construct, id: string, props: ChatOpsdataStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.snapshotPrefix = config.snapshotPrefix;
    this.rawPrefix = `raw/${config.snapshotPrefix}`;

    const snapshots = new SnapshotBucket(this, 'Storage', {
      archiveAfterDays: config.archiveAfterDays,
    });
    this.bucket = snapshots.bucket;
    this.accessLogsBucket = snapshots.accessLogsBucket;

    const logGroup = new logs.LogGroup(this, 'FunctionLogs', {
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of the default one, which would attach AWSLambdaBasicExecutionRole
    // (logs:CreateLogGroup/PutLogEvents on every log group in the account).
    const role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'chat-opsdata snapshot function: one secret, two S3 prefixes, its own log group',
    });

    this.fn = new NodejsFunction(this, 'SnapshotFunction', {
      entry: HANDLER_ENTRY,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: FUNCTION_TIMEOUT,
      // One run at a time: a retry or a manual invoke waits instead of racing the same keys.
      reservedConcurrentExecutions: 1,
      // Asynchronous (scheduler) invocations: two retries, 1 and 2 minutes apart, same day.
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      role,
      logGroup,
      description: 'Daily getappinfo snapshot of Tencent Cloud Chat ops data into S3',
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        TIME_ZONE: config.timeZone,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        mainFields: MAIN_FIELDS,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundled, not taken from the runtime: measured smaller cold-start import time and a
        // pinned SDK version (see the README, "Bundling").
        externalModules: [],
        banner: ESM_REQUIRE_BANNER,
        forceDockerBundling: false,
      },
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    this.secret =
      config.secret === undefined ? this.createSecret() : importSecret(this, config.secret);
    // Not secret.grantRead(): that also allows secretsmanager:DescribeSecret.
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadAppSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.secret.secretFullArn ?? `${this.secret.secretArn}-??????`],
      }),
    );
    this.fn.addEnvironment('SECRET_ID', this.secret.secretArn);

    // Not bucket.grantPut(): that also allows s3:PutObjectLegalHold, PutObjectRetention, tagging
    // and s3:Abort*. The function only ever calls PutObject under these two prefixes.
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'WriteSnapshots',
        actions: ['s3:PutObject'],
        resources: [
          this.bucket.arnForObjects(`${this.snapshotPrefix}/*`),
          this.bucket.arnForObjects(`${this.rawPrefix}/*`),
        ],
      }),
    );
    this.fn.addEnvironment('BUCKET_NAME', this.bucket.bucketName);
    this.fn.addEnvironment('SNAPSHOT_PREFIX', this.snapshotPrefix);
    if (config.requestFields !== undefined) {
      this.fn.addEnvironment('REQUEST_FIELDS', config.requestFields.join(','));
    }
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(this.bucket)}.Arn>/${this.snapshotPrefix}/*]`,
      reason: `s3:PutObject only, scoped to the ${this.snapshotPrefix}/ prefix: a new dt=YYYY-MM-DD/<sdkAppId>.json key is written every day, so the key cannot be listed in advance.`,
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(this.bucket)}.Arn>/${this.rawPrefix}/*]`,
      reason: `s3:PutObject only, scoped to the ${this.rawPrefix}/ prefix: a new dt=YYYY-MM-DD/<sdkAppId>.json key is written every day, so the key cannot be listed in advance.`,
    });

    const daily = new DailySchedule(this, 'DailySchedule', {
      fn: this.fn,
      hour: config.scheduleHour,
      minute: config.scheduleMinute,
      timeZone: config.timeZone,
    });
    this.schedule = daily.schedule;

    this.alarms = new OpsdataAlarms(this, 'Alarms', {
      fn: this.fn,
      deadLetterQueue: daily.deadLetterQueue,
      email: config.alarmEmail,
    });

    // Reads what the function writes; it grants the function nothing.
    this.analytics = new OpsdataAnalytics(this, 'Analytics', {
      bucket: this.bucket,
      prefix: this.snapshotPrefix,
      accessLogsBucket: this.accessLogsBucket,
      projectionStartDate: config.firstSnapshotDate,
    });

    new CfnOutput(this, 'BucketName', {
      value: this.bucket.bucketName,
      description: 'Snapshot bucket',
    });
    new CfnOutput(this, 'SecretArn', {
      value: this.secret.secretArn,
      description: 'Secret the function reads (JSON: sdkAppId, identifier, secretKey, region)',
    });
    new CfnOutput(this, 'PutSecretValueCommand', {
      value: `aws secretsmanager put-secret-value --region ${this.region} --secret-id ${this.secret.secretArn} --secret-string file://secret.json`,
      description: 'Stores the app credentials (secret.json) in the secret',
    });
    new CfnOutput(this, 'FunctionName', { value: this.fn.functionName });
    new CfnOutput(this, 'LogGroupName', { value: logGroup.logGroupName });
    new CfnOutput(this, 'ScheduleName', { value: this.schedule.scheduleName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'AthenaWorkGroup', {
      value: this.analytics.workGroup.ref,
      description: 'Athena workgroup to query in (enforced settings, encrypted results)',
    });
    new CfnOutput(this, 'AthenaDatabase', { value: this.analytics.databaseName });
    new CfnOutput(this, 'AthenaTable', {
      value: this.analytics.tableName,
      description: 'Every snapshot as written, partitioned by dt',
    });
    new CfnOutput(this, 'AthenaView', {
      value: this.analytics.viewName,
      description: 'One row per app and day, from the newest snapshot',
    });
    new CfnOutput(this, 'QueryPolicyArn', {
      value: this.analytics.queryPolicy.managedPolicyArn,
      description: 'Managed policy to attach to analysts, QuickSight or Grafana roles',
    });
  }

  private createSecret(): secretsmanager.ISecret {
    const secret = new secretsmanager.Secret(this, 'AppSecret', {
      description: 'chat-opsdata: Tencent Cloud Chat app credentials (see README)',
      // Not a credential: a marker the function rejects, naming the missing fields.
      secretStringValue: SecretValue.unsafePlainText(
        JSON.stringify({ placeholder: 'replace with put-secret-value (stack output)' }),
      ),
      // Holds a key the stack cannot recreate; deleting the stack must not delete it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret holds a Tencent Cloud Chat app key, which is issued and rotated in the Tencent console; Secrets Manager rotation cannot call that console.',
    });
    return secret;
  }

  private logicalIdOf(bucket: s3.Bucket): string {
    return this.resolve(this.getLogicalId(bucket.node.defaultChild as s3.CfnBucket));
  }
}
