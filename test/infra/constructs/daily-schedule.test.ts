import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resource, roleStatements, type Synthesized } from '../../../tools/harness/synth.js';
import { type DefaultStack, defaultStack, getAtt } from '../../support/default-stack.js';

const BUNDLE = false;

// One synthesis for the whole file; the bundle's tests synthesize with real esbuild bundling.
let s: Synthesized;
let ids: DefaultStack['ids'];

beforeAll(() => {
  ({ s, ids } = defaultStack(BUNDLE));
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
