import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DailyScheduleProps {
  readonly fn: lambda.IFunction;
  /** Hour (0–23) and minute (0–59) of the run, in `timeZone`. */
  readonly hour: number;
  readonly minute: number;
  /** IANA time zone of the schedule. */
  readonly timeZone: string;
}

/**
 * An EventBridge Scheduler schedule that invokes the function once a day, with a retry policy
 * and an encrypted dead-letter queue for events it could not deliver.
 */
export class DailySchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly deadLetterQueue: sqs.Queue;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: DailyScheduleProps) {
    super(scope, id);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the schedule; nothing consumes it, the DeadLetters alarm watches it.',
    });

    // Our own role, handed to the target without policy updates: the target's grantInvoke would
    // also allow invoking every version and alias (`<function arn>:*`).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'chat-opsdata schedule: invoke the snapshot function, dead-letter to its queue',
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeSnapshotFunction',
        actions: ['lambda:InvokeFunction'],
        resources: [props.fn.functionArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SendToDeadLetterQueue',
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );

    const at = `${pad(props.hour)}:${pad(props.minute)} ${props.timeZone}`;
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `Daily chat-opsdata snapshot at ${at}`,
      schedule: scheduler.ScheduleExpression.cron({
        minute: String(props.minute),
        hour: String(props.hour),
        timeZone: TimeZone.of(props.timeZone),
      }),
      timeWindow: scheduler.TimeWindow.off(),
      target: new LambdaInvoke(props.fn, {
        // An empty object runs every app of the secret; {"apps":[…]} would limit the run.
        input: scheduler.ScheduleTargetInput.fromObject({}),
        // Scheduler invokes Lambda asynchronously, so these retries cover delivery (throttling,
        // a missing permission), not function errors; those are the function's own retries.
        retryAttempts: 5,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.deadLetterQueue,
        role: this.role.withoutPolicyUpdates(),
      }),
    });
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
