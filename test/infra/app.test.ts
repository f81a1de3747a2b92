import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { CONTEXT_DEFAULTS } from '../../infra/config.js';
import {
  CDK_JSON_CONTEXT,
  resource,
  roleStatements,
  type Synthesized,
  synth,
} from '../../tools/harness/synth.js';
import { tempDir } from '../support/temp-dir.js';

const COMPLETE_ARN =
  'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:chat/opsdata-AbC123';

const secretStatement = (s: Synthesized) =>
  roleStatements(s.template, s.idOf(s.stack.fn.role as never)).find(
    (st) => st.Sid === 'ReadAppSecret',
  );
const env = (s: Synthesized) =>
  resource(s.template, s.idOf(s.stack.fn)).Properties.Environment.Variables;

describe('cdk.json', () => {
  it('holds every context key with its documented default, and turns notices and telemetry off', () => {
    expect(CDK_JSON_CONTEXT).toMatchObject({
      ...CONTEXT_DEFAULTS,
      notices: false,
      'cli-telemetry': false,
      '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
    });
    // The CLI reads `notices` from the top level of cdk.json, not from context.
    expect(cdkJson).toMatchObject({ app: 'npx tsx infra/app.ts', notices: false });
  });
});

describe('secret from context', () => {
  let byArn: Synthesized;
  let byName: Synthesized;
  let byPartialArn: Synthesized;
  beforeAll(() => {
    byArn = synth({ 'chat-opsdata:secret': COMPLETE_ARN });
    byName = synth({ 'chat-opsdata:secret': 'chat/opsdata' });
    byPartialArn = synth({
      'chat-opsdata:secret':
        'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:chat/opsdata',
    });
  });

  it('imports a complete ARN: no secret is created and the grant names exactly that ARN', () => {
    byArn.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(secretStatement(byArn)).toEqual({
      Sid: 'ReadAppSecret',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: COMPLETE_ARN,
    });
    expect(env(byArn).SECRET_ID).toBe(COMPLETE_ARN);
    expect(byArn.template.toJSON().Outputs.SecretArn.Value).toBe(COMPLETE_ARN);
  });

  it('imports a name: the grant matches only the six-character suffix Secrets Manager adds', () => {
    byName.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(secretStatement(byName)?.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':secretsmanager:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':secret:chat/opsdata-??????',
        ],
      ],
    });
  });

  it('imports a partial ARN the same way', () => {
    byPartialArn.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(secretStatement(byPartialArn)?.Resource).toBe(
      'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:chat/opsdata-??????',
    );
    expect(env(byPartialArn).SECRET_ID).toBe(
      'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:chat/opsdata',
    );
  });
});

describe('other context options', () => {
  let custom: Synthesized;
  beforeAll(() => {
    custom = synth({
      'chat-opsdata:alarmEmail': 'ops@example.com',
      'chat-opsdata:requestFields': 'ActiveUserNum, Date',
      'chat-opsdata:scheduleHour': '11',
      'chat-opsdata:scheduleMinute': 5,
      'chat-opsdata:timeZone': 'UTC',
      'chat-opsdata:snapshotPrefix': 'chat_ops',
      'chat-opsdata:logRetentionDays': 30,
      'chat-opsdata:archiveAfterDays': 90,
    });
  });

  it('subscribes the alarm e-mail to the topic', () => {
    custom.template.resourceCountIs('AWS::SNS::Subscription', 1);
    custom.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: custom.idOf(custom.stack.alarms.topic) },
    });
  });

  it('passes request fields to the function as a comma list', () => {
    expect(env(custom).REQUEST_FIELDS).toBe('ActiveUserNum,Date');
  });

  it('moves the schedule and the snapshot time zone together', () => {
    expect(resource(custom.template, custom.idOf(custom.stack.schedule)).Properties).toMatchObject({
      ScheduleExpression: 'cron(5 11 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
    });
    expect(env(custom).TIME_ZONE).toBe('UTC');
  });

  it('moves the S3 grant, the environment and the exposed prefixes with the snapshot prefix', () => {
    const bucket = custom.idOf(custom.stack.bucket);
    const arn = (suffix: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, suffix]],
    });
    expect(
      roleStatements(custom.template, custom.idOf(custom.stack.fn.role as never)).find(
        (st) => st.Sid === 'WriteSnapshots',
      )?.Resource,
    ).toEqual([arn('/chat_ops/*'), arn('/raw/chat_ops/*')]);
    expect(env(custom).SNAPSHOT_PREFIX).toBe('chat_ops');
    expect([custom.stack.snapshotPrefix, custom.stack.rawPrefix]).toEqual([
      'chat_ops',
      'raw/chat_ops',
    ]);
  });

  it('sets the log retention', () => {
    custom.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('adds a Glacier Instant Retrieval transition for old snapshots', () => {
    const rules = resource(custom.template, custom.idOf(custom.stack.bucket)).Properties
      .LifecycleConfiguration.Rules;
    expect(rules).toContainEqual({
      Id: 'archive-old-snapshots',
      Status: 'Enabled',
      Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
    });
  });

  it('rejects an invalid value at synth, naming the key', () => {
    expect(() => synth({ 'chat-opsdata:scheduleHour': 24 })).toThrow(/chat-opsdata:scheduleHour/);
  });
});

describe('the CDK app (infra/app.ts) as `cdk synth` runs it', () => {
  it('prints one line naming a wrong context key, no stack trace, and exits 1', async () => {
    // The CDK CLI hands the app its context in CDK_CONTEXT_JSON and the output folder in CDK_OUTDIR.
    const outdir = await tempDir('cdk-app');
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ 'chat-opsdata:scheduleHour': '25' }),
      },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'chat-opsdata: chat-opsdata:scheduleHour must be an integer from 0 to 23, got 25\n',
    );
  });
});
