import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/core/metric-names.js';
import { RULE_IDS } from '../../functions/digest/anomaly-rules.js';
import type { TopicKeyChoice } from '../../functions/settings/choices.js';
import { stackScopedName } from '../names.js';
import { topicKey } from './topic-key.js';

/** Hours without a successful snapshot before the silence alarm fires (daily run + slack). */
export const SILENCE_HOURS = 26;

export interface OpsdataAlarmsProps {
  readonly fn: lambda.IFunction;
  readonly deadLetterQueue: sqs.IQueue;
  /** Subscribed to the topic by e-mail (the address must confirm); none when undefined. */
  readonly email: string | undefined;
  /** How the topics are encrypted at rest (`chat-opsdata:topicKey`); none when undefined. */
  readonly topicKey?: TopicKeyChoice;
}

/**
 * The alarm topic, the three alarms that tell someone a day's snapshot is at risk, and the one
 * that tells them the day's numbers look wrong.
 */
export class OpsdataAlarms extends Construct {
  readonly topic: sns.Topic;
  /**
   * Encrypts the alarm topic (and the digest topic, when there is one); undefined for TLS-only
   * topics without SNS encryption (`chat-opsdata:topicKey` none, the default).
   */
  readonly key: kms.IKey | undefined;
  readonly functionErrors: cloudwatch.Alarm;
  readonly deadLetters: cloudwatch.Alarm;
  readonly silence: cloudwatch.Alarm;
  readonly anomalies: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: OpsdataAlarmsProps) {
    super(scope, id);
    const { account } = Stack.of(this);

    this.key = topicKey(this, props.topicKey ?? { kind: 'none' });

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'chat-opsdata alarms',
      ...(this.key === undefined ? {} : { masterKey: this.key }),
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    if (props.email !== undefined) {
      this.topic.addSubscription(new EmailSubscription(props.email));
    }

    this.functionErrors = this.alarm('FunctionErrors', {
      alarmDescription:
        'A snapshot run failed (any app, any attempt). Lambda retries twice; read the function log for the error code and hint.',
      metric: props.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.deadLetters = this.alarm('DeadLetters', {
      alarmDescription:
        'EventBridge Scheduler could not invoke the function after all retries; the event is in the dead-letter queue.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // One-hour periods allow an evaluation range past one day (up to 7 days); a missing hour
    // counts as breaching, so the alarm fires when no run at all happened, not only failed ones.
    this.silence = this.alarm('Silence', {
      alarmDescription: `No successful snapshot in the last ${SILENCE_HOURS} hours: a day is missing from S3.`,
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.snapshotsSucceeded,
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: SILENCE_HOURS,
      datapointsToAlarm: SILENCE_HOURS,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    // The run emits AnomaliesFound once a day; an hour-long period holds that one data point, and
    // the hours without data are not breaching, so the alarm returns to OK by itself.
    this.anomalies = this.alarm('Anomalies', {
      alarmDescription: `The daily run found at least one anomaly (${RULE_IDS.join(', ')}). The function log has one "anomaly found" line per anomaly with the numbers; the digest e-mail and the dashboard show the day against a week earlier.`,
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.anomaliesFound,
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const action = new SnsAction(this.topic);
    for (const alarm of [this.functionErrors, this.deadLetters, this.silence]) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    // An anomaly is news for the day: one message when found, none when the hour has passed.
    this.anomalies.addAlarmAction(action);
  }

  /**
   * Every alarm of the stack is made here: its name is `<stack>-<id>` (`ChatOpsdata-Silence`), the
   * name the runbook, the dashboard and the notification e-mails use.
   */
  alarm(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, { ...props, alarmName: stackScopedName(this, id) });
  }
}
