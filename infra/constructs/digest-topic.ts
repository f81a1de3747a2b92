import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface DigestTopicProps {
  /** Who gets the digest (the address must confirm the subscription e-mail AWS sends). */
  readonly email: string;
  /** The key the alarm topic already uses (no second key to pay for); none for a TLS-only topic. */
  readonly key: kms.IKey | undefined;
}

/**
 * The topic the daily digest e-mail goes to: TLS-only, encrypted with the alarm topic's key when
 * there is one, one e-mail subscriber. Only the
 * snapshot function publishes to it (see SnapshotFunction's `digestTopic`).
 */
export class DigestTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: DigestTopicProps) {
    super(scope, id);
    this.key = props.key;
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'chat-opsdata daily digest',
      ...(props.key === undefined ? {} : { masterKey: props.key }),
      enforceSSL: true,
    });
    this.topic.addSubscription(new EmailSubscription(props.email));
  }
}
