/**
 * The chat digest as a step after the run, the same in the Lambda and the CLI: once per `dt`
 * (the caller's `claimOnce`), one message to every webhook, each webhook's result reported, and
 * an error that fails the run when any webhook did not take it (the snapshots are written first).
 */
import { NotifyError } from '../core/errors.js';
import type { AfterRunStep } from '../run/run-service.js';
import type { RunSummary } from '../run/snapshot-pipeline.js';
import { chatDigest } from './chat-digest.js';
import { type PostOptions, postDigest, type WebhookResult } from './poster.js';
import type { Webhook } from './webhook.js';

export interface NotifyStepOptions {
  readonly webhooks: readonly Webhook[];
  /** Linked at the end of the message; none without a dashboard. */
  readonly dashboardUrl: string | undefined;
  /**
   * Whether this run may send `what` for its `dt`: true once, false when an earlier run (a retry,
   * a second invoke that day) already did. The step asks for `notify`. When it is not given, the
   * step takes the one the run service hands its steps (`context.claimOnce`, issue 14's marker),
   * and without either it posts.
   */
  readonly claimOnce?: ClaimOnce;
  readonly post: PostOptions;
  /** Told every webhook's result (log lines, metrics, the CLI's lines). */
  readonly report: (results: readonly WebhookResult[]) => void;
  /** Told when the claim says the digest already went out for this `dt`. */
  readonly alreadySent?: () => void;
}

/** What `claimOnce` is asked for: one chat digest per `dt`. */
export const NOTIFY_CLAIM = 'notify';

type ClaimOnce = (what: string) => Promise<boolean>;

/** What the run service may hand its steps besides the summary (issue 14's `RunContext`). */
export interface ClaimContext {
  readonly claimOnce?: ClaimOnce;
}

/** The chat digest as an after-run step (see the module's comment). */
export function notifyStep(
  options: NotifyStepOptions,
): AfterRunStep & { run(summary: RunSummary, context?: ClaimContext): Promise<void> } {
  return {
    name: 'chat digest',
    async run(summary: RunSummary, context?: ClaimContext) {
      if (options.webhooks.length === 0) return;
      const claimOnce = options.claimOnce ?? context?.claimOnce ?? (async () => true);
      if (!(await claimOnce(NOTIFY_CLAIM))) {
        options.alreadySent?.();
        return;
      }
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
    },
  };
}
