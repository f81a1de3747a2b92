import {
  CfnOutput,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { OpsdataConfig } from './config.js';
import { OpsdataAlarms } from './constructs/alarms.js';
import { OpsdataAnalytics } from './constructs/analytics.js';
import { DailySchedule } from './constructs/daily-schedule.js';
import { DigestTopic } from './constructs/digest-topic.js';
import { OpsDashboard } from './constructs/ops-dashboard.js';
import { importSecret } from './constructs/secret-ref.js';
import { SnapshotBucket } from './constructs/snapshot-bucket.js';
import { SnapshotFunction } from './constructs/snapshot-function.js';

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
  /** The function, its role and its log group. */
  readonly snapshotFunction: SnapshotFunction;
  readonly fn: NodejsFunction;
  readonly secret: secretsmanager.ISecret;
  readonly schedule: scheduler.Schedule;
  readonly alarms: OpsdataAlarms;
  /** The daily digest e-mail's topic; only when `chat-opsdata:digestEmail` is set. */
  readonly digestTopic: DigestTopic | undefined;
  /** Undefined when `chat-opsdata:dashboard` is false. */
  readonly dashboard: OpsDashboard | undefined;
  readonly analytics: OpsdataAnalytics;

  constructor(scope: Construct, id: string, props: ChatOpsdataStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.snapshotPrefix = config.prefix;

    const snapshots = new SnapshotBucket(this, 'Storage', {
      archiveAfterDays: config.archiveAfterDays,
    });
    this.bucket = snapshots.bucket;
    this.accessLogsBucket = snapshots.accessLogsBucket;

    this.secret =
      config.secret === undefined ? this.createSecret() : importSecret(this, config.secret);
    const snapshot = new SnapshotFunction(this, 'SnapshotFunction', {
      secret: this.secret,
      bucket: this.bucket,
      settings: {
        prefix: config.prefix,
        timeZone: config.timeZone,
        requestFields: config.requestFields,
        concurrency: config.concurrency,
        rules: config.rules,
      },
      logRetentionDays: config.logRetentionDays,
    });
    this.snapshotFunction = snapshot;
    this.fn = snapshot.fn;
    this.rawPrefix = snapshot.rawPrefix;

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
    if (config.digestEmail !== undefined) {
      this.digestTopic = new DigestTopic(this, 'Digest', {
        email: config.digestEmail,
        key: this.alarms.key,
      });
      snapshot.publishDigestTo(this.digestTopic);
    }
    if (config.dashboard) {
      this.dashboard = new OpsDashboard(this, 'Dashboard', {
        callbackRule: config.rules.callback_failures,
        alarms: [
          this.alarms.appsNotWritten,
          this.alarms.functionErrors,
          this.alarms.deadLetters,
          this.alarms.silence,
          this.alarms.anomalies,
        ],
      });
    }

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
    new CfnOutput(this, 'LogGroupName', { value: snapshot.logGroup.logGroupName });
    new CfnOutput(this, 'ScheduleName', { value: this.schedule.scheduleName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    if (this.digestTopic !== undefined) {
      new CfnOutput(this, 'DigestTopicArn', {
        value: this.digestTopic.topic.topicArn,
        description: 'The daily digest e-mail (confirm the subscription e-mail first)',
      });
    }
    if (this.dashboard !== undefined) {
      new CfnOutput(this, 'DashboardUrl', {
        value: this.dashboard.url,
        description: "CloudWatch dashboard: pipeline health and every app's figures",
      });
    }
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
}
