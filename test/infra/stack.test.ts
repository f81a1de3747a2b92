import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resource, roleStatements, type Synthesized, synth } from '../../tools/harness/synth.js';

// One synthesis with real esbuild bundling of functions/handler.ts for the whole file.
let s: Synthesized;
let ids: Record<
  | 'fn'
  | 'role'
  | 'logs'
  | 'bucket'
  | 'accessLogs'
  | 'secret'
  | 'dlq'
  | 'schedule'
  | 'schedulerRole'
  | 'topic'
  | 'topicKey'
  | 'errors'
  | 'deadLetters'
  | 'silence'
  | 'table'
  | 'workGroup'
  | 'queryPolicy',
  string
>;

beforeAll(() => {
  s = synth({}, true);
  const { stack, idOf } = s;
  const find = (path: string) => {
    let node: IConstruct | undefined = stack;
    for (const part of path.split('/')) node = node?.node.tryFindChild(part);
    if (node === undefined) throw new Error(`no construct ${path}`);
    return idOf(node);
  };
  ids = {
    fn: idOf(stack.fn),
    role: find('SnapshotFunction/Role'),
    logs: find('SnapshotFunction/Logs'),
    bucket: idOf(stack.bucket),
    accessLogs: find('Storage/AccessLogs'),
    secret: find('AppSecret'),
    dlq: find('DailySchedule/DeadLetterQueue'),
    schedule: idOf(stack.schedule),
    schedulerRole: find('DailySchedule/Role'),
    topic: idOf(stack.alarms.topic),
    topicKey: find('Alarms/TopicKey'),
    errors: idOf(stack.alarms.functionErrors),
    deadLetters: idOf(stack.alarms.deadLetters),
    silence: idOf(stack.alarms.silence),
    table: idOf(stack.analytics.table),
    workGroup: idOf(stack.analytics.workGroup),
    queryPolicy: idOf(stack.analytics.queryPolicy),
  };
});

const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });
const idOfAlarm = (name: 'anomalies') => s.idOf(s.stack.alarms[name]);
const idOfDashboard = () => s.idOf(s.stack.dashboard?.dashboard as never);
const objects = (id: string, suffix: string) => ({
  'Fn::Join': ['', [getAtt(id), suffix]],
});

describe('snapshot function', () => {
  it('runs Node.js 24 on arm64 with 256 MB, a 180 s timeout and one concurrent run', () => {
    const fn = resource(s.template, ids.fn).Properties;
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 180,
      ReservedConcurrentExecutions: 1,
      Role: getAtt(ids.role),
      LoggingConfig: { LogGroup: { Ref: ids.logs } },
    });
  });

  it('sets exactly the documented environment, each variable from the stack', () => {
    expect(resource(s.template, ids.fn).Properties.Environment.Variables).toEqual({
      SECRET_ID: { Ref: ids.secret },
      BUCKET_NAME: { Ref: ids.bucket },
      SNAPSHOT_PREFIX: 'getappinfo',
      TIME_ZONE: 'Asia/Shanghai',
      CONCURRENCY: '8',
      POWERTOOLS_SERVICE_NAME: 'chat-opsdata',
      POWERTOOLS_METRICS_NAMESPACE: 'ChatOpsdata',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('retries a failed asynchronous invocation twice within an hour', () => {
    s.template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids.fn },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      Qualifier: '$LATEST',
    });
  });

  it('logs to its own log group, kept 90 days and deleted with the stack', () => {
    s.template.resourceCountIs('AWS::Logs::LogGroup', 1);
    expect(resource(s.template, ids.logs)).toMatchObject({
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Delete',
    });
  });

  it('has its own role, trusted by Lambda only, with no managed policy', () => {
    const role = resource(s.template, ids.role).Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
      },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(s.template.toJSON())).not.toContain('AWSLambdaBasicExecutionRole');
  });

  it('may write its log group, read the one secret and put objects under the two prefixes — nothing else', () => {
    expect(roleStatements(s.template, ids.role)).toEqual([
      {
        Sid: 'WriteOwnLogGroup',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: getAtt(ids.logs),
      },
      {
        Sid: 'ReadAppSecret',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: ids.secret },
      },
      {
        Sid: 'WriteSnapshots',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: [objects(ids.bucket, '/getappinfo/*'), objects(ids.bucket, '/raw/getappinfo/*')],
      },
    ]);
  });

  it('has no IAM statement in the stack with a wildcard action or Resource "*"', () => {
    const resources = Object.values(s.template.toJSON().Resources) as {
      Type: string;
      Properties: { PolicyDocument?: { Statement: { Action: unknown; Resource: unknown }[] } };
    }[];
    const statements = resources
      .filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
      .flatMap((r) => r.Properties.PolicyDocument?.Statement ?? []);
    expect(statements.length).toBeGreaterThan(0);
    for (const st of statements) {
      expect([st.Action].flat().filter((a) => String(a).includes('*'))).toEqual([]);
      expect([st.Resource].flat()).not.toContain('*');
    }
  });
});

describe('bundle', () => {
  let dir: string;
  let code: string;
  beforeAll(() => {
    // The asset's hash names both the uploaded zip and the staged directory in the assembly.
    const key: string = resource(s.template, ids.fn).Properties.Code.S3Key;
    dir = join(s.app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
    code = readFileSync(join(dir, 'index.mjs'), 'utf8');
  });

  it('is minified ESM with a source map and the createRequire banner', () => {
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    expect(code.startsWith("import { createRequire } from 'module';")).toBe(true);
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
    // Minified: thousands of characters per line (unminified code averages under 50).
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
  });

  it('includes the AWS SDK: it imports nothing but Node built-ins', () => {
    const specifiers = [
      ...code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g),
    ]
      .map((m) => m[1] ?? '')
      .filter((spec) => !spec.startsWith('node:') && !builtinModules.includes(spec));
    expect(specifiers).toEqual([]);
    expect(code).toContain('GetSecretValue');
    expect(code).toContain('PutObject');
  });

  it('loads in a fresh Node process and exports handler', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(join(dir, 'index.mjs'))}); console.log(typeof m.handler);`,
      ],
      {
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'ap-southeast-1' },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    expect(out.toString().trim()).toBe('function');
  });
});

describe('schedule', () => {
  it('runs daily at 10:30 Asia/Shanghai, on time, with an empty payload', () => {
    expect(resource(s.template, ids.schedule).Properties).toMatchObject({
      ScheduleExpression: 'cron(30 10 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: { Arn: getAtt(ids.fn), Input: '{}', RoleArn: getAtt(ids.schedulerRole) },
    });
  });

  it('retries delivery 5 times within an hour, then dead-letters to the queue', () => {
    expect(resource(s.template, ids.schedule).Properties.Target).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: getAtt(ids.dlq) },
    });
  });

  it('dead-letters to an SQS-encrypted, TLS-only queue kept 14 days', () => {
    expect(resource(s.template, ids.dlq).Properties).toEqual({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: ids.dlq }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });

  it('assumes a role, trusted by Scheduler from this account, that may invoke the function and send to the queue only', () => {
    const role = resource(s.template, ids.schedulerRole).Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(roleStatements(s.template, ids.schedulerRole)).toEqual([
      {
        Sid: 'InvokeSnapshotFunction',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: getAtt(ids.fn),
      },
      {
        Sid: 'SendToDeadLetterQueue',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: getAtt(ids.dlq),
      },
    ]);
  });
});

describe('snapshot bucket', () => {
  const tlsOnly = (id: string) =>
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: [getAtt(id), objects(id, '/*')],
          },
        ]),
      },
    });
  const privateEncrypted = {
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ],
    },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  };

  it('blocks all public access, encrypts with SSE-S3 and disables ACLs', () => {
    expect(resource(s.template, ids.bucket).Properties).toMatchObject(privateEncrypted);
  });

  it('denies every request that is not TLS', () => {
    tlsOnly(ids.bucket);
  });

  it('is versioned, and expires replaced versions after 30 days', () => {
    const props = resource(s.template, ids.bucket).Properties;
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'expire-noncurrent-versions',
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        ExpiredObjectDeleteMarker: true,
      },
      {
        Id: 'abort-incomplete-uploads',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
  });

  it('sends server access logs to a second private, TLS-only bucket, delivered by bucket policy', () => {
    expect(resource(s.template, ids.bucket).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: ids.accessLogs },
      LogFilePrefix: 'snapshots/',
    });
    const logs = resource(s.template, ids.accessLogs).Properties;
    expect(logs).toMatchObject(privateEncrypted);
    expect(logs.AccessControl).toBeUndefined();
    expect(logs.LifecycleConfiguration.Rules).toContainEqual({
      Id: 'expire-access-logs',
      Status: 'Enabled',
      ExpirationInDays: 365,
    });
    tlsOnly(ids.accessLogs);
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.accessLogs },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:PutObject',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Resource: objects(ids.accessLogs, '/snapshots/*'),
            Condition: {
              ArnLike: { 'aws:SourceArn': getAtt(ids.bucket) },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          },
        ]),
      },
    });
  });

  it('retains both buckets when the stack is deleted or replaced', () => {
    // The third bucket holds Athena query results (see the analytics tests).
    for (const id of [ids.bucket, ids.accessLogs]) {
      expect(resource(s.template, id)).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
    s.template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    s.template.resourceCountIs('AWS::S3::Bucket', 3);
  });
});

describe('secret', () => {
  it('is created with a placeholder, not a generated password, and retained', () => {
    expect(resource(s.template, ids.secret)).toMatchObject({
      Properties: { SecretString: expect.stringContaining('placeholder') },
      DeletionPolicy: 'Retain',
    });
    expect(resource(s.template, ids.secret).Properties.GenerateSecretString).toBeUndefined();
  });
});

describe('alarms', () => {
  const alarm = (id: string) => resource(s.template, id).Properties;
  const notifies = { AlarmActions: [{ Ref: 'TOPIC' }], OKActions: [{ Ref: 'TOPIC' }] };
  const withTopic = () => JSON.parse(JSON.stringify(notifies).replaceAll('TOPIC', ids.topic));

  it('has exactly four alarms', () => {
    s.template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });

  it('fires when a run finds an anomaly, telling the alarm topic once; no data is not breaching', () => {
    const props = alarm(idOfAlarm('anomalies'));
    expect(props).toMatchObject({
      Namespace: 'ChatOpsdata',
      MetricName: 'AnomaliesFound',
      Dimensions: [{ Name: 'service', Value: 'chat-opsdata' }],
      Statistic: 'Maximum',
      Period: 3600,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: ids.topic }],
    });
    expect(props.OKActions).toBeUndefined();
    expect(props.AlarmDescription).toMatch(
      /dau_drop, messages_drop, messages_spike, callback_failures, data_late/,
    );
  });

  it('fires on any function error in 5 minutes; no data is OK', () => {
    expect(alarm(ids.errors)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.fn } }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      ...withTopic(),
    });
  });

  it('fires on any message in the dead-letter queue; no data is OK', () => {
    expect(alarm(ids.deadLetters)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(ids.dlq, 'QueueName') }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      ...withTopic(),
    });
  });

  it('fires after 26 hours without a successful snapshot, missing data counting as breaching', () => {
    const props = alarm(ids.silence);
    expect(props).toMatchObject({
      Namespace: 'ChatOpsdata',
      MetricName: 'SnapshotsSucceeded',
      Dimensions: [{ Name: 'service', Value: 'chat-opsdata' }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      ...withTopic(),
    });
    // CloudWatch allows an evaluation range over one day only for periods of an hour or more,
    // and never over 7 days.
    expect(props.Period).toBeGreaterThanOrEqual(3600);
    expect(props.Period * props.EvaluationPeriods).toBeLessThanOrEqual(7 * 86_400);
  });

  it('publishes to a topic encrypted with a rotating customer managed key that CloudWatch may use', () => {
    expect(resource(s.template, ids.topic).Properties.KmsMasterKeyId).toEqual(getAtt(ids.topicKey));
    const key = resource(s.template, ids.topicKey);
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Delete');
    expect(key.Properties.PendingWindowInDays).toBe(7);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'AllowCloudWatchAlarmsToUseTheKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
  });

  it('denies publishing without TLS and lets CloudWatch of this account publish', () => {
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: ids.topic }],
      PolicyDocument: {
        Statement: [
          {
            Sid: 'AllowPublishThroughSSLOnly',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Effect: 'Deny',
            Principal: '*',
            Resource: { Ref: ids.topic },
          },
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Resource: { Ref: ids.topic },
          },
        ],
      },
    });
  });

  it('has no e-mail subscription unless one is configured', () => {
    s.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('outputs', () => {
  it('prints bucket, secret, put-secret-value command, function, log group, schedule and topic', () => {
    expect(s.template.toJSON().Outputs).toEqual({
      BucketName: { Description: 'Snapshot bucket', Value: { Ref: ids.bucket } },
      SecretArn: { Description: expect.any(String), Value: { Ref: ids.secret } },
      PutSecretValueCommand: {
        Description: expect.any(String),
        Value: {
          'Fn::Join': [
            '',
            [
              'aws secretsmanager put-secret-value --region ',
              { Ref: 'AWS::Region' },
              ' --secret-id ',
              { Ref: ids.secret },
              ' --secret-string file://secret.json',
            ],
          ],
        },
      },
      FunctionName: { Value: { Ref: ids.fn } },
      LogGroupName: { Value: { Ref: ids.logs } },
      ScheduleName: { Value: { Ref: ids.schedule } },
      AlarmTopicArn: { Value: { Ref: ids.topic } },
      AthenaWorkGroup: { Description: expect.any(String), Value: { Ref: ids.workGroup } },
      AthenaDatabase: { Value: 'chat_opsdata' },
      AthenaTable: { Description: expect.any(String), Value: 'getappinfo' },
      AthenaView: { Description: expect.any(String), Value: 'getappinfo_daily' },
      QueryPolicyArn: { Description: expect.any(String), Value: { Ref: ids.queryPolicy } },
      DashboardUrl: {
        Description: expect.any(String),
        Value: {
          'Fn::Join': [
            '',
            [
              'https://',
              { Ref: 'AWS::Region' },
              '.console.aws.amazon.com/cloudwatch/home?region=',
              { Ref: 'AWS::Region' },
              '#dashboards/dashboard/',
              { Ref: idOfDashboard() },
            ],
          ],
        },
      },
    });
  });
});

describe('analytics', () => {
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
