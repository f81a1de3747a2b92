import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC } from '../../functions/core/metric-names.js';
import { RULE_IDS } from '../../functions/digest/anomaly-rules.js';
import type { TopicKeyChoice } from '../../functions/settings/choices.js';
import { stackScopedName } from '../names.js';
import { runMetric } from './run-metric.js';
import { topicKey } from './topic-key.js';

/** Hours without a successful snapshot before the silence alarm fires (daily run + slack). */
export const SILENCE_HOURS = 26;

export interface OpsdataAlarmsProps {
  readonly deadLetterQueue: sqs.IQueue;
  /** Subscribed to the topic by e-mail (the address must confirm); none when undefined. */
  readonly email: string | undefined;
  /** How the topics are encrypted at rest (`chat-opsdata:topicKey`); none when undefined. */
  readonly topicKey?: TopicKeyChoice;
}

/** Where the operator finds which apps are not written, as the alarm descriptions say it. */
const WHICH_APPS =
  'Which apps and why: the function log\'s "snapshot run finished" line (notWritten, failedSteps) and its "snapshot failed", "chat digest not posted" and "snapshot run failed" lines (error.errorCode, error.hint), and the FAILED section of the digest e-mail.';

/**
 * The alarm topic, the four alarms that tell someone a day's snapshot is at risk, and the one
 * that tells them the day's numbers look wrong.
 */
export class OpsdataAlarms extends Construct {
  readonly topic: sns.Topic;
  /**
   * Encrypts the alarm topic (and the digest topic, when there is one); undefined for TLS-only
   * topics without SNS encryption (`chat-opsdata:topicKey` none, the default).
   */
  readonly key: kms.IKey | undefined;
  /** The day is not complete: stays in ALARM until a run writes every app and sends its messages. */
  readonly dayIncomplete: cloudwatch.Alarm;
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

    // Every run ends by emitting DayIncomplete: 0 once every app of the day is written and every
    // step after the run (the digest e-mail, the chat digest) has been done, else how many parts
    // are not. Its state changes only when a run reports (missing data is ignored), so it stays in
    // ALARM through the quiet hours until a retry, a manual run or the next day's run completes
    // the day — an OK from it means the day is complete. Minimum over a minute: within a day the
    // level only falls, so the lowest is the latest, and Lambda's retries come a minute or more
    // apart. It replaces an alarm on the function's Errors, which went back to OK by itself
    // whatever the retries did; a crash that emits nothing (out of memory) is caught by Silence.
    this.dayIncomplete = this.alarm('DayIncomplete', {
      alarmDescription: `The day is not complete: at least one app has no complete snapshot, the digest e-mail or the chat digest could not be sent, or the run could not read its configuration or secret. It stays in ALARM until a run completes the day, and then goes OK: Lambda retries a failed run twice; after fixing the cause, invoke once (a message that failed is not sent twice: the next day's run sends its own). ${WHICH_APPS}`,
      metric: runMetric(METRIC.dayIncomplete, {
        statistic: 'Minimum',
        period: Duration.minutes(1),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
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
      metric: runMetric(METRIC.snapshotsSucceeded, { statistic: 'Sum', period: Duration.hours(1) }),
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
      metric: runMetric(METRIC.anomaliesFound, { statistic: 'Maximum', period: Duration.hours(1) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const action = new SnsAction(this.topic);
    for (const alarm of [this.dayIncomplete, this.deadLetters, this.silence]) {
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
