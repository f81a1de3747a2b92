/** Sends the digest e-mail: one SNS message per run to the digest topic. */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { DigestPublishError } from '../core/errors.js';
import { digestMail, type MailLinks } from '../digest/digest-mail.js';
import type { RunSummary } from '../run/snapshot-pipeline.js';

/**
 * Publishes the run's digest to `topicArn`; resolves with the SNS message id.
 * @throws DigestPublishError naming the topic and what to check.
 */
export async function publishDigest(
  sns: SNSClient,
  topicArn: string,
  summary: RunSummary,
  links: MailLinks = {},
): Promise<string | undefined> {
  const { subject, message } = digestMail(summary, links);
  try {
    const out = await sns.send(
      new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }),
    );
    return out.MessageId;
  } catch (cause) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    throw new DigestPublishError(
      `could not publish the digest to ${topicArn} (${reason}) — the snapshots were written; check the function's sns:Publish and kms permissions on the digest topic`,
      { cause },
    );
  }
}
