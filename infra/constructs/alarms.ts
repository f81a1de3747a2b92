import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/core/metric-names.js';
import { RULE_IDS } from '../../functions/digest/anomaly-rules.js';

/** Hours without a successful snapshot before the silence alarm fires (daily run + slack). */
export const SILENCE_HOURS = 26;

export interface OpsdataAlarmsProps {
  readonly fn: lambda.IFunction;
  readonly deadLetterQueue: sqs.IQueue;
  /** Subscribed to the topic by e-mail (the address must confirm); none when undefined. */
  readonly email: string | undefined;
}

/** Where the operator finds which apps are not written, as the alarm descriptions say it. */
const WHICH_APPS =
  'Which apps and why: the function log\'s "snapshot run finished" line (notWritten) and its "snapshot failed" lines (error.errorCode, error.hint), the RunFailedError message, and the FAILED section of the digest e-mail.';

/**
 * The alarm topic, the four alarms that tell someone a day's snapshot is at risk, and the one
 * that tells them the day's numbers look wrong.
 */
export class OpsdataAlarms extends Construct {
  readonly topic: sns.Topic;
  /** Encrypts the alarm topic (and the digest topic, when there is one). */
  readonly key: kms.Key;
  readonly functionErrors: cloudwatch.Alarm;
  /** The day is not complete: stays in ALARM until a run writes every app. */
  readonly appsNotWritten: cloudwatch.Alarm;
  readonly deadLetters: cloudwatch.Alarm;
  readonly silence: cloudwatch.Alarm;
  readonly anomalies: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: OpsdataAlarmsProps) {
    super(scope, id);
    const { account } = Stack.of(this);

    // CloudWatch cannot publish to a topic encrypted with the AWS managed key alias/aws/sns (its
    // key policy cannot grant CloudWatch), so the topic needs a customer managed key:
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the chat-opsdata alarm topic',
      enableKeyRotation: true,
      // Encrypts nothing that outlives the topic; a retained key would bill $1/month after teardown.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key = key;
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'chat-opsdata alarms',
      masterKey: key,
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

    // Every run ends by emitting AppsNotWritten: 0 once every app of the day is written, else how
    // many are not. Its state changes only when a run reports (missing data is ignored), so it
    // stays in ALARM through the quiet hours until a retry, a manual run or the next day's run
    // writes every app — an OK from it means the day is complete. Minimum over a minute: within
    // a day the level only falls, so the lowest is the latest, and Lambda's retries come a
    // minute or more apart.
    this.appsNotWritten = new cloudwatch.Alarm(this, 'AppsNotWritten', {
      alarmDescription: `At least one app has no complete snapshot for the day (or the run could not read its configuration or secret). It stays in ALARM until a run writes every app, and then goes OK: Lambda retries a failed run twice; after fixing the cause, invoke once. ${WHICH_APPS}`,
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.appsNotWritten,
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Minimum',
        period: Duration.minutes(1),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });

    // Any failed invocation, crashes included (a timeout or running out of memory emits no
    // AppsNotWritten). It returns to OK by itself minutes later whatever the retries did, so it
    // sends no OK: only AppsNotWritten says when the day is complete.
    this.functionErrors = new cloudwatch.Alarm(this, 'FunctionErrors', {
      alarmDescription:
        'A snapshot invocation failed (an app, the configuration, or the function itself: a timeout, out of memory); Lambda retries it twice. This alarm going back to OK says nothing about the day: the AppsNotWritten alarm does. Read the function log for the error code and hint.',
      metric: props.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.deadLetters = new cloudwatch.Alarm(this, 'DeadLetters', {
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
    this.silence = new cloudwatch.Alarm(this, 'Silence', {
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
    this.anomalies = new cloudwatch.Alarm(this, 'Anomalies', {
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
    for (const alarm of [this.appsNotWritten, this.deadLetters, this.silence]) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    this.functionErrors.addAlarmAction(action);
    // An anomaly is news for the day: one message when found, none when the hour has passed.
    this.anomalies.addAlarmAction(action);
  }
}
