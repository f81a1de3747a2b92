import { beforeAll, describe, expect, it } from 'vitest';
import { resource, type Synthesized } from '../../../tools/harness/synth.js';
import { type DefaultStack, defaultStack, getAtt } from '../../support/default-stack.js';

const BUNDLE = false;

// One synthesis for the whole file; the bundle's tests synthesize with real esbuild bundling.
let s: Synthesized;
let ids: DefaultStack['ids'];

beforeAll(() => {
  ({ s, ids } = defaultStack(BUNDLE));
});

const idOfAlarm = (name: 'anomalies' | 'appsNotWritten') => s.idOf(s.stack.alarms[name]);

describe('alarms', () => {
  const alarm = (id: string) => resource(s.template, id).Properties;
  const notifies = { AlarmActions: [{ Ref: 'TOPIC' }], OKActions: [{ Ref: 'TOPIC' }] };
  const withTopic = () => JSON.parse(JSON.stringify(notifies).replaceAll('TOPIC', ids.topic));

  it('has exactly five alarms', () => {
    s.template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  });

  it('stays in ALARM until a run writes every app: AppsNotWritten, missing data ignored, with ALARM and OK', () => {
    const props = alarm(idOfAlarm('appsNotWritten'));
    expect(props).toMatchObject({
      Namespace: 'ChatOpsdata',
      MetricName: 'AppsNotWritten',
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
    expect(props.AlarmDescription).toMatch(/stays in ALARM until a run writes every app/);
    expect(props.AlarmDescription).toMatch(/"snapshot run finished" line \(notWritten\)/);
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

  it('fires on any function error in 5 minutes and sends no OK, which would read as all good', () => {
    const props = alarm(ids.errors);
    expect(props).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.fn } }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: ids.topic }],
    });
    expect(props.OKActions).toBeUndefined();
    expect(props.AlarmDescription).toMatch(
      /going back to OK says nothing about the day: the AppsNotWritten alarm does/,
    );
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
