/**
 * The chat digest as a step after the run, the same in the Lambda and the CLI: one message to
 * every webhook, once per `dt` and webhook (each webhook's own claim, `notifyClaim`), each
 * webhook's result reported, and an error that fails the run when any webhook did not take it
 * (the snapshots are written first). A webhook that failed is not posted to again that day unless
 * the run is forced; one that took the message never is.
 */
import { createHash } from 'node:crypto';
import { NotifyError, NotSentEarlierError } from '../core/errors.js';
import { onceForTheDay } from '../run/claim-once.js';
import type { AfterRunStep } from '../run/run-service.js';
import { chatDigest } from './chat-digest.js';
import { type PostOptions, postDigest, type WebhookResult } from './poster.js';
import { type Webhook, webhookLabel } from './webhook.js';

export interface NotifyStepOptions {
  readonly webhooks: readonly Webhook[];
  /** Linked at the end of the message; none without a dashboard. */
  readonly dashboardUrl: string | undefined;
  /**
   * Posts on every run, without the once-a-day claim: the CLI's `--notify`, where a person asked
   * for it this time (and must not take the deployed function's claim for the day).
   */
  readonly everyTime?: boolean;
  readonly post: PostOptions;
  /** Told every webhook's result (log lines, metrics, the CLI's lines). */
  readonly report: (results: readonly WebhookResult[]) => void;
  /** Told when the claim says the digest already went out for this `dt`. */
  readonly alreadySent?: () => void;
}

/**
 * The once-a-day claim of one webhook: `notify-` and 16 hex digits of its URL's SHA-256, so that
 * it follows the webhook when the list is reordered, and names no token.
 */
export function notifyClaim(webhook: Webhook): string {
  return `notify-${createHash('sha256').update(webhook.url).digest('hex').slice(0, 16)}`;
}

/** The chat digest as an after-run step (see the module's comment). */
export function notifyStep(options: NotifyStepOptions): AfterRunStep {
  const { webhooks } = options;
  return {
    name: 'chat digest',
    async run(summary, context) {
      if (webhooks.length === 0) return;
      const digest = chatDigest(summary, options.dashboardUrl);
      const results: WebhookResult[] = [];
      const failedEarlier: number[] = [];
      // One webhook's post; failing, so that its claim records the failure.
      const postTo = async (i: number) => {
        const [result] = await postDigest(webhooks, digest, options.post, [i]);
        // Stryker disable next-line ConditionalExpression: for the type only; postDigest gives one result for an index in the list, and i is one
        if (result === undefined) return;
        results.push(result);
        // Stryker disable next-line LogicalOperator,StringLiteral: equivalent, nothing reads this message (onceForTheDay records the failure and rethrows, the catch below drops it); the step's own error names each webhook and its problem
        if (!result.ok) throw new NotifyError(result.problem ?? 'not posted', 1);
      };
      await Promise.all(
        webhooks.map(async (webhook, i) => {
          try {
            await (options.everyTime
              ? postTo(i)
              : onceForTheDay(context, notifyClaim(webhook), () => postTo(i)));
          } catch (error) {
            if (error instanceof NotSentEarlierError) failedEarlier.push(i);
            else if (!(error instanceof NotifyError)) throw error;
          }
        }),
      );
      if (results.length === 0 && failedEarlier.length === 0) {
        options.alreadySent?.();
        return;
      }
      results.sort((x, y) => x.index - y.index);
      failedEarlier.sort((x, y) => x - y);
      if (results.length > 0) options.report(results);
      const failed = results.filter((r) => !r.ok);
      if (failed.length > 0) {
        throw new NotifyError(
          `${failed.length} of ${webhooks.length} chat webhooks did not take the digest for ${summary.dt} (the snapshots were written): ${failed.map((r) => `${r.label}: ${r.problem}`).join('; ')}`,
          failed.length,
        );
      }
      if (failedEarlier.length > 0) {
        throw new NotSentEarlierError(
          `${failedEarlier.length} of ${webhooks.length} chat webhooks did not take the digest for ${summary.dt} in an earlier run: ${failedEarlier.map((i) => webhookLabel(i, webhooks[i] as Webhook)).join('; ')}; it is not posted twice — once the cause is fixed, invoke with {"force": true} (or --force) to post it there, else the next day's run posts its own`,
        );
      }
    },
  };
}
