import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { TopicKeyChoice } from '../../functions/settings/choices.js';

/**
 * The key that encrypts the alarm and digest topics at rest, as `chat-opsdata:topicKey` chooses:
 * none (TLS-only topics without SNS encryption, the default), a key created here, or an existing
 * key by ARN. Created under `scope` with the id `TopicKey`, so `create` keeps the key a stack made
 * before this choice existed.
 *
 * Why none is the default: the key exists only because CloudWatch cannot publish to a topic under
 * the AWS managed key `aws/sns` (its key policy cannot grant CloudWatch), so an encrypted alarm
 * topic needs a customer managed key at $1/month, more after each rotation. Alarm messages and
 * digests carry names and counts, no secret, and SNS keeps a message encrypted only while it sits
 * in SNS; in transit the topic policy already demands TLS.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
export function topicKey(scope: Construct, choice: TopicKeyChoice): kms.IKey | undefined {
  if (choice.kind === 'none') return undefined;
  // An existing key: its policy is its owner's (docs/deploy.md lists the statements it needs).
  if (choice.kind === 'arn') return kms.Key.fromKeyArn(scope, 'TopicKey', choice.arn);
  const key = new kms.Key(scope, 'TopicKey', {
    description: 'Encrypts the chat-opsdata alarm topic',
    enableKeyRotation: true,
    // Encrypts nothing that outlives the topic; a retained key would bill $1/month after teardown.
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToUseTheKey',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  );
  return key;
}
