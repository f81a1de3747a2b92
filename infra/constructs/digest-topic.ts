import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface DigestTopicProps {
  /** Who gets the digest (the address must confirm the subscription e-mail AWS sends). */
  readonly email: string;
  /** The customer managed key the alarm topic already uses: no second key to pay for. */
  readonly key: kms.IKey;
}

/**
 * The topic the daily digest e-mail goes to: encrypted, TLS-only, one e-mail subscriber. Only the
 * snapshot function publishes to it (see SnapshotFunction's `digestTopic`).
 */
export class DigestTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: DigestTopicProps) {
    super(scope, id);
    this.key = props.key;
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'chat-opsdata daily digest',
      masterKey: props.key,
      enforceSSL: true,
    });
    this.topic.addSubscription(new EmailSubscription(props.email));
  }
}
