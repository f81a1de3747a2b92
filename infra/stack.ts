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
import { PLACEHOLDER_SECRET } from '../functions/secret/secret.js';
import type { OpsdataConfig } from './config.js';
import { OpsdataAlarms } from './constructs/alarms.js';
import { OpsdataAnalytics } from './constructs/analytics.js';
import { ChatAlarms } from './constructs/chat-alarms.js';
import { DailySchedule } from './constructs/daily-schedule.js';
import { DigestTopic } from './constructs/digest-topic.js';
import { FixedEgress } from './constructs/egress.js';
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
  /** The alarms in Slack or Teams; only with `chat-opsdata:slack` or `chat-opsdata:teams`. */
  readonly chatAlarms: ChatAlarms | undefined;
  /** The VPC, NAT and Elastic IP; only with `chat-opsdata:fixedEgressIp`. */
  readonly egress: FixedEgress | undefined;
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
    if (config.fixedEgressIp !== 'off') {
      this.egress = new FixedEgress(this, 'Egress', {
        nat: config.fixedEgressIp,
        flowLogsBucket: this.accessLogsBucket,
      });
    }
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
      appMetrics: config.appMetrics,
      ...(this.egress === undefined
        ? {}
        : {
            network: { vpc: this.egress.vpc, securityGroup: this.egress.functionSecurityGroup },
          }),
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
      deadLetterQueue: daily.deadLetterQueue,
      email: config.alarmEmail,
      topicKey: config.topicKey,
    });
    if (config.digestEmail !== undefined) {
      this.digestTopic = new DigestTopic(this, 'Digest', {
        email: config.digestEmail,
        key: this.alarms.key,
      });
      snapshot.publishDigestTo(this.digestTopic);
    }
    if (config.slack !== undefined || config.teams !== undefined) {
      this.chatAlarms = new ChatAlarms(this, 'ChatAlarms', {
        topic: this.alarms.topic,
        slack: config.slack,
        teams: config.teams,
      });
    }
    if (config.dashboard) {
      this.dashboard = new OpsDashboard(this, 'Dashboard', {
        appMetrics: config.appMetrics,
        callbackRule: config.rules.callback_failures,
        logGroup: snapshot.logGroup,
        alarms: [
          this.alarms.dayIncomplete,
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
      snapshot.linkDashboard(this.dashboard.url);
      new CfnOutput(this, 'DashboardUrl', {
        value: this.dashboard.url,
        description: "CloudWatch dashboard: pipeline health and every app's figures",
      });
    }
    if (this.egress !== undefined) {
      new CfnOutput(this, 'EgressIp', {
        value: this.egress.publicIp,
        description:
          "The function's one public address: add it to Tencent Cloud Chat's IP allowlist",
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
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify(PLACEHOLDER_SECRET)),
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
