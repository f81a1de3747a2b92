import { beforeAll, describe, expect, it } from 'vitest';
import { resource, roleStatements, type Synthesized } from '../../../tools/harness/synth.js';
import { type DefaultStack, defaultStack, getAtt, objects } from '../../support/default-stack.js';

const BUNDLE = false;

// One synthesis for the whole file; the bundle's tests synthesize with real esbuild bundling.
let s: Synthesized;
let ids: DefaultStack['ids'];

beforeAll(() => {
  ({ s, ids } = defaultStack(BUNDLE));
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
      APP_METRICS: 'all',
      // Built from the dashboard's name, so the function holds no reference to the dashboard
      // (which references the alarms, which reference the function).
      DASHBOARD_URL: {
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

  it('may write its log group, read the one secret, put snapshots and merge its month objects — nothing else', () => {
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
      {
        Sid: 'MergeMonths',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: objects(ids.bucket, '/days/getappinfo/*'),
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
