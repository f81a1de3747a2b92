import { beforeAll, describe, expect, it } from 'vitest';
import { resource, type Synthesized } from '../../tools/harness/synth.js';
import { type DefaultStack, defaultStack } from '../support/default-stack.js';

const BUNDLE = false;

// One synthesis for the whole file; the bundle's tests synthesize with real esbuild bundling.
let s: Synthesized;
let ids: DefaultStack['ids'];

beforeAll(() => {
  ({ s, ids } = defaultStack(BUNDLE));
});

const idOfDashboard = () => s.idOf(s.stack.dashboard?.dashboard as never);

describe('dashboard name', () => {
  it('is the stack name and the region, so the URL needs no reference to the dashboard', () => {
    expect(resource(s.template, idOfDashboard()).Properties.DashboardName).toEqual({
      'Fn::Join': ['', [{ Ref: 'AWS::StackName' }, '-', { Ref: 'AWS::Region' }]],
    });
  });
});

describe('secret', () => {
  it('is created with a placeholder, not a generated password, and retained', () => {
    expect(resource(s.template, ids.secret)).toMatchObject({
      // Exactly this text: a changed SecretString would be written over the credentials.
      Properties: {
        SecretString: '{"placeholder":"replace with put-secret-value (stack output)"}',
      },
      DeletionPolicy: 'Retain',
    });
    expect(resource(s.template, ids.secret).Properties.GenerateSecretString).toBeUndefined();
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
              { Ref: 'AWS::StackName' },
              '-',
              { Ref: 'AWS::Region' },
            ],
          ],
        },
      },
    });
  });
});
