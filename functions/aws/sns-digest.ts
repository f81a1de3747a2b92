/** Sends the digest e-mail: one SNS message per run to the digest topic. */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { DigestPublishError } from '../core/errors.js';
import { digestMail, type MailLinks } from '../digest/digest-mail.js';
import type { RunSummary } from '../run/snapshot-pipeline.js';
import { describeAwsError } from './clients.js';

/**
 * Publishes the run's digest to `topicArn`; resolves with the SNS message id. `signal` (the run's
 * deadline) cuts the call if SNS has not answered by then.
 * @throws DigestPublishError naming the topic and what to check.
 */
export async function publishDigest(
  sns: SNSClient,
  topicArn: string,
  summary: RunSummary,
  links: MailLinks = {},
  options: { readonly signal?: AbortSignal } = {},
): Promise<string | undefined> {
  const { subject, message } = digestMail(summary, links);
  try {
    const out = await sns.send(
      new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }),
      { abortSignal: options.signal },
    );
    return out.MessageId;
  } catch (cause) {
    const reason = describeAwsError(cause, options.signal);
    throw new DigestPublishError(
      `could not publish the digest to ${topicArn} (${reason}) — the snapshots were written; check the function's sns:Publish and kms permissions on the digest topic`,
      { cause },
    );
  }
}
