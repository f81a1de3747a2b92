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

const idOfAlarm = (name: 'anomalies') => s.idOf(s.stack.alarms[name]);

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
