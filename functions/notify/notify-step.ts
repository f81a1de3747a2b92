/**
 * The chat digest as a step after the run, the same in the Lambda and the CLI: once per `dt`
 * (`onceForTheDay`, the run's `notify` claim), one message to every webhook, each webhook's result reported, and
 * an error that fails the run when any webhook did not take it (the snapshots are written first).
 */
import { NotifyError } from '../core/errors.js';
import { onceForTheDay } from '../run/claim-once.js';
import type { AfterRunStep } from '../run/run-service.js';
import { chatDigest } from './chat-digest.js';
import { type PostOptions, postDigest, type WebhookResult } from './poster.js';
import type { Webhook } from './webhook.js';

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

/** The once-a-day claim the chat digest takes: one chat digest per `dt`. */
export const NOTIFY_CLAIM = 'notify';

/** The chat digest as an after-run step (see the module's comment). */
export function notifyStep(options: NotifyStepOptions): AfterRunStep {
  return {
    name: 'chat digest',
    async run(summary, context) {
      if (options.webhooks.length === 0) return;
      const post = async () => {
        const results = await postDigest(
          options.webhooks,
          chatDigest(summary, options.dashboardUrl),
          options.post,
        );
        options.report(results);
        const failed = results.filter((r) => !r.ok);
        if (failed.length > 0) {
          throw new NotifyError(
            `${failed.length} of ${results.length} chat webhooks did not take the digest for ${summary.dt} (the snapshots were written): ${failed.map((r) => `${r.label}: ${r.problem}`).join('; ')}`,
            failed.length,
          );
        }
      };
      if (options.everyTime) return post();
      if ((await onceForTheDay(context, NOTIFY_CLAIM, post)) === 'already sent') {
        options.alreadySent?.();
      }
    },
  };
}
