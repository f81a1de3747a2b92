import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../../infra/config.js';
import { ChatOpsdataStack } from '../../../infra/stack.js';
import { appContext, resource, type Synthesized } from '../../../tools/harness/synth.js';
import { type DefaultStack, defaultStack, getAtt } from '../../support/default-stack.js';

const BUNDLE = false;

// One synthesis for the whole file; the bundle's tests synthesize with real esbuild bundling.
let s: Synthesized;
let ids: DefaultStack['ids'];

beforeAll(() => {
  ({ s, ids } = defaultStack(BUNDLE));
});

const idOfAlarm = (name: 'anomalies' | 'dayIncomplete') => s.idOf(s.stack.alarms[name]);

describe('alarms', () => {
  const alarm = (id: string) => resource(s.template, id).Properties;
  const notifies = { AlarmActions: [{ Ref: 'TOPIC' }], OKActions: [{ Ref: 'TOPIC' }] };
  const withTopic = () => JSON.parse(JSON.stringify(notifies).replaceAll('TOPIC', ids.topic));

  it('has exactly four alarms (a fifth would take one app past $1 a month)', () => {
    s.template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });

  it('stays in ALARM until a run completes the day: DayIncomplete, missing data ignored, with ALARM and OK', () => {
    const props = alarm(idOfAlarm('dayIncomplete'));
    expect(props).toMatchObject({
      AlarmName: 'ChatOpsdata-DayIncomplete',
      Namespace: 'ChatOpsdata',
      MetricName: 'DayIncomplete',
      Dimensions: [{ Name: 'service', Value: 'chat-opsdata' }],
      // Within a day the level only falls, so a minute's lowest value is its latest.
      Statistic: 'Minimum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      // No run, no change: the state a failed run left holds until a run says otherwise.
      TreatMissingData: 'ignore',
      ...withTopic(),
    });
    expect(props.AlarmDescription).toMatch(/stays in ALARM until a run completes the day/);
    expect(props.AlarmDescription).toMatch(
      /the digest e-mail or the chat digest could not be sent/,
    );
    expect(props.AlarmDescription).toMatch(
      /"snapshot run finished" line \(notWritten, failedSteps\)/,
    );
  });

  it('names every alarm <stack>-<what>: stable across deployments and readable in a notification', () => {
    const names = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map(
      (r) => r.Properties.AlarmName,
    );
    expect(names.sort()).toEqual([
      'ChatOpsdata-Anomalies',
      'ChatOpsdata-DayIncomplete',
      'ChatOpsdata-DeadLetters',
      'ChatOpsdata-Silence',
    ]);
  });

  it('derives the names from the stack name, so a second stack has names of its own', () => {
    const app = new App({ context: appContext() });
    const other = new ChatOpsdataStack(app, 'ChatOpsdata-Staging', {
      config: readConfig((key) => app.node.tryGetContext(key)),
    });
    const template = Template.fromStack(other);
    const names = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (r) => r.Properties.AlarmName,
    );
    expect(names).toContain('ChatOpsdata-Staging-Silence');
    expect(names.every((name) => name.startsWith('ChatOpsdata-Staging-'))).toBe(true);
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    // The stack's name as CloudFormation knows it, and the region: ChatOpsdata-Staging-<region>.
    expect(dashboard?.Properties.DashboardName).toEqual({
      'Fn::Join': ['', [{ Ref: 'AWS::StackName' }, '-', { Ref: 'AWS::Region' }]],
    });
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

  it("has no alarm on the function's Errors: it went back to OK by itself, whatever the retries did", () => {
    const metrics = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map(
      (r) => `${r.Properties.Namespace}/${r.Properties.MetricName}`,
    );
    expect(metrics).not.toContain('AWS/Lambda/Errors');
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

  it('publishes to a topic without a customer managed key by default (docs/deploy.md: topicKey)', () => {
    expect(resource(s.template, ids.topic).Properties.KmsMasterKeyId).toBeUndefined();
    s.template.resourceCountIs('AWS::KMS::Key', 0);
    expect(s.stack.alarms.key).toBeUndefined();
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
