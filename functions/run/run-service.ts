/**
 * One run, as both entry points start it: every app's snapshot, then the steps that tell the world
 * (the Lambda: log lines, metrics, the digest e-mail; the CLI: the summary, the report). The
 * Lambda handler and the CLI differ only in their adapters and their steps.
 */
import { type DayClaims, dayClaimsFor } from './claim-once.js';
import { type RunInput, type RunSummary, takeSnapshots } from './snapshot-pipeline.js';

/**
 * What a step gets besides the summary: the run date's once-a-day claims. A step with a side
 * effect that must happen once a day (the digest e-mail, chat webhooks) goes through
 * `onceForTheDay` with them. See claim-once.ts.
 */
export type RunContext = DayClaims;

/** Something done with a finished run: print, log, publish, write a report. */
export interface AfterRunStep {
  /** For messages: what the step does, e.g. `digest e-mail`. */
  readonly name: string;
  run(summary: RunSummary, context: RunContext): Promise<void> | void;
}

/** How a run ended: its summary, and the steps after it that failed (each with its error). */
export interface RunOutcome {
  readonly summary: RunSummary;
  readonly failedSteps: readonly { readonly step: string; readonly error: unknown }[];
}

/**
 * Takes every app's snapshot, then runs `steps` in order. A step that fails does not stop the
 * others (the snapshots are written whatever happens after them); its error is in the outcome.
 */
export async function runSnapshots(
  input: RunInput,
  steps: readonly AfterRunStep[] = [],
): Promise<RunOutcome> {
  const summary = await takeSnapshots(input);
  const context: RunContext = {
    ...dayClaimsFor(input.store, input.settings.prefix, summary.dt, {
      runId: input.runId,
      now: () => new Date(),
    }),
    force: input.force ?? false,
  };
  const failedSteps: { step: string; error: unknown }[] = [];
  for (const step of steps) {
    try {
      await step.run(summary, context);
    } catch (error) {
      failedSteps.push({ step: step.name, error });
    }
  }
  return { summary, failedSteps };
}
