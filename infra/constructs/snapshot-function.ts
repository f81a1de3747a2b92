import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  type AppMetricsLevel,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../../functions/core/metric-names.js';
import { monthLayerPrefix } from '../../functions/core/snapshot-layout.js';
import { DEFAULT_RULES } from '../../functions/digest/anomaly-rules.js';
import { envValue, type RunSettings, SETTINGS } from '../../functions/settings/settings.js';
import { nodejsBundling } from '../bundling.js';
import type { DigestTopic } from './digest-topic.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The Lambda handler the stack bundles. */
export const HANDLER_ENTRY = fileURLToPath(new URL('../../functions/handler.ts', import.meta.url));

/**
 * Worst case for one app: 5 attempts × 10 s HTTP timeout + at most 7.5 s of backoff ≈ 58 s, plus Secrets Manager
 * and S3. The pipeline stops retrying at `getRemainingTimeInMillis()`, so this is the ceiling for a
 * whole run of several apps, not a per-app budget.
 */
export const FUNCTION_TIMEOUT = Duration.minutes(3);
/** 256 MB: the run needs < 128 MB, but arm64 CPU scales with memory and cold start is CPU-bound. */
export const FUNCTION_MEMORY_MB = 256;

export interface SnapshotFunctionProps {
  /** The secret holding the app credentials; the function may only GetSecretValue on it. */
  readonly secret: secretsmanager.ISecret;
  /**
   * Where snapshots land; the function may only PutObject under the two snapshot prefixes, and
   * GetObject and PutObject its month objects under `days/<prefix>/`.
   */
  readonly bucket: s3.IBucket;
  /**
   * What every run is configured with: the prefix (typed rows under `<prefix>/`, raw bodies under
   * `raw/<prefix>/`), time zone, request fields, concurrency and anomaly rules; each is set as its
   * environment variable from the settings table.
   */
  readonly settings: RunSettings;
  readonly logRetentionDays: number;
  /** Which per-app figures the function sends (`APP_METRICS`). */
  readonly appMetrics: AppMetricsLevel;
  /** A VPC to run in (a fixed egress address); none: Lambda's own network, no VPC. */
  readonly network?: {
    readonly vpc: ec2.IVpc;
    readonly securityGroup: ec2.ISecurityGroup;
  };
}

/**
 * The snapshot function with its own role and log group. Each environment variable is set beside
 * the permission it needs, and the role holds nothing else.
 */
export class SnapshotFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Key prefix of the raw API bodies: `raw/<snapshotPrefix>`. */
  readonly rawPrefix: string;
  /** Key prefix of the month layer (and the run's bookkeeping): `days/<snapshotPrefix>`. */
  readonly monthPrefix: string;

  constructor(scope: Construct, id: string, props: SnapshotFunctionProps) {
    super(scope, id);
    const { bucket, settings } = props;
    const snapshotPrefix = settings.prefix;
    this.rawPrefix = `raw/${snapshotPrefix}`;
    this.monthPrefix = monthLayerPrefix(snapshotPrefix);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of the default one, which would attach AWSLambdaBasicExecutionRole
    // (logs:CreateLogGroup/PutLogEvents on every log group in the account).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description:
        'chat-opsdata snapshot function: one secret, three S3 prefixes (one read), its own log group',
    });

    this.fn = new NodejsFunction(this, 'Function', {
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
      role: this.role,
      logGroup: this.logGroup,
      description: 'Daily getappinfo snapshot of Tencent Cloud Chat ops data into S3',
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        [SETTINGS.timeZone.env]: envValue('timeZone', settings.timeZone),
        [SETTINGS.concurrency.env]: envValue('concurrency', settings.concurrency),
        [SETTINGS.appMetrics.env]: props.appMetrics,
      },
      bundling: nodejsBundling(),
      ...(props.network === undefined
        ? {}
        : {
            vpc: props.network.vpc,
            vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
            securityGroups: [props.network.securityGroup],
          }),
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    // Not secret.grantRead(): that also allows secretsmanager:DescribeSecret.
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadAppSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.secret.secretFullArn ?? `${props.secret.secretArn}-??????`],
      }),
    );
    this.fn.addEnvironment(SETTINGS.secret.env, props.secret.secretArn);

    // Not bucket.grantPut(): that also allows s3:PutObjectLegalHold, PutObjectRetention, tagging
    // and s3:Abort*. The function only ever calls PutObject under these two prefixes.
    const prefixes = [snapshotPrefix, this.rawPrefix];
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'WriteSnapshots',
        actions: ['s3:PutObject'],
        resources: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}/*`)),
      }),
    );
    // The month objects are read-merge-written (conditional PutObject on the ETag read); no
    // s3:ListBucket, so a missing key answers 403, which the store reads as "not there yet".
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'MergeMonths',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [bucket.arnForObjects(`${this.monthPrefix}/*`)],
      }),
    );
    this.fn.addEnvironment(SETTINGS.bucket.env, bucket.bucketName);
    this.fn.addEnvironment(SETTINGS.prefix.env, envValue('prefix', snapshotPrefix));
    if (settings.requestFields !== undefined) {
      this.fn.addEnvironment(
        SETTINGS.requestFields.env,
        envValue('requestFields', settings.requestFields),
      );
    }
    // Only when changed: the function applies the documented defaults itself.
    if (JSON.stringify(settings.rules) !== JSON.stringify(DEFAULT_RULES)) {
      this.fn.addEnvironment(SETTINGS.rules.env, envValue('rules', settings.rules));
    }

    if (props.network !== undefined) this.allowNetworkInterfaces();

    const stack = Stack.of(this);
    const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket));
    for (const prefix of prefixes) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}/*]`,
        reason: `s3:PutObject only, scoped to the ${prefix}/ prefix: a new dt=YYYY-MM-DD/<sdkAppId>.json key is written every day, so the key cannot be listed in advance.`,
      });
    }
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${this.monthPrefix}/*]`,
      reason: `s3:GetObject and s3:PutObject only, scoped to the ${this.monthPrefix}/ prefix: each run reads and rewrites the month=YYYY-MM/<sdkAppId>.json objects of the months its days fall in, new ones every month, so the keys cannot be listed in advance.`,
    });
  }

  /**
   * What Lambda needs of the role to attach the function to its subnets: the actions of the AWS
   * managed AWSLambdaVPCAccessExecutionRole without its logs:* on every log group.
   * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
   */
  private allowNetworkInterfaces(): void {
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'AttachToVpc',
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    );
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The network interface actions Lambda takes for a function in a VPC: ec2:DescribeNetworkInterfaces and ec2:DescribeSubnets support no resource ARN, and the interfaces are created by Lambda with IDs not known in advance (the same actions as the AWS managed AWSLambdaVPCAccessExecutionRole, without its logs:* on every log group).',
    });
  }

  /** Lets the chat message and the e-mail link to the dashboard: DASHBOARD_URL, no permission needed. */
  linkDashboard(url: string): void {
    this.fn.addEnvironment(SETTINGS.dashboardUrl.env, url);
  }

  /**
   * Lets the function send the digest e-mail: `sns:Publish` on that topic and, when it is
   * encrypted, the use of its key, nothing more, with DIGEST_TOPIC_ARN beside them.
   */
  publishDigestTo(digest: DigestTopic): void {
    // Not topic.grantPublish(): the encrypted topic also needs the key, and only these two uses.
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PublishDigest',
        actions: ['sns:Publish'],
        resources: [digest.topic.topicArn],
      }),
    );
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html: a publisher to an
    // encrypted topic needs these two on the topic's key (SNS calls GenerateDataKey, no variant).
    if (digest.key !== undefined) {
      this.fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'EncryptDigest',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [digest.key.keyArn],
        }),
      );
    }
    this.fn.addEnvironment(SETTINGS.digestTopicArn.env, digest.topic.topicArn);
  }
}
