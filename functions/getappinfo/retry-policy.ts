/**
 * How long to wait before another getappinfo attempt, and when to stop: pure decisions from a
 * failed attempt (its class comes from error-codes.ts), the clock and a random draw.
 */

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Delay before retry number `attempt` (1 = after the first failure): exponential with full jitter,
 * `random` in [0, 1). https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/
 */
export function backoffDelay(attempt: number, random: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  return Math.floor(random * ceiling);
}

/** Why a call stops retrying. */
export type GiveUpReason =
  /** The failure is one a retry cannot fix (wrong key, region, …). */
  | 'permanent'
  /** A second 70001 in a row: every attempt signs anew, so the clock is off. */
  | 'clock-skew'
  | 'max-attempts'
  /** The next attempt would not have `minAttemptMs` before the deadline. */
  | 'deadline';

/** What happens after a failed attempt. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: GiveUpReason };

export interface FailedAttempt {
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly retryable: boolean;
  readonly errorCode: number | undefined;
  /** The ErrorCode of the attempt before, if any. */
  readonly previousErrorCode: number | undefined;
  /** Epoch ms when the attempt ended. */
  readonly now: number;
  /** Epoch ms by which every attempt must be done. */
  readonly deadline: number;
  /** A draw in [0, 1) for the jitter. */
  readonly random: number;
}

export interface RetryLimits extends BackoffOptions {
  readonly maxAttempts: number;
  /** A retry starts only if at least this long is left before the deadline after the backoff. */
  readonly minAttemptMs: number;
}

/**
 * Decides whether a failed getappinfo attempt is retried and after how long. The give-up rules, in
 * order: a failure a retry cannot fix; a second 70001 in a row; `maxAttempts` used; not enough time
 * left — a retry squeezed into the last moments would only replace the real error with a timeout.
 */
export function decideRetry(failed: FailedAttempt, limits: RetryLimits): RetryDecision {
  if (!failed.retryable) return { retry: false, reason: 'permanent' };
  if (failed.errorCode === 70001 && failed.previousErrorCode === 70001) {
    return { retry: false, reason: 'clock-skew' };
  }
  if (failed.attempt >= limits.maxAttempts) return { retry: false, reason: 'max-attempts' };
  const delayMs = backoffDelay(failed.attempt, failed.random, limits);
  if (failed.now + delayMs + limits.minAttemptMs > failed.deadline) {
    return { retry: false, reason: 'deadline' };
  }
  return { retry: true, delayMs };
}

/**
 * How long the next attempt may take: the per-attempt timeout, cut to the time left before the
 * deadline; 0 when none is left.
 */
export function attemptTimeout(now: number, deadline: number, attemptTimeoutMs: number): number {
  return Math.max(0, Math.min(attemptTimeoutMs, deadline - now));
}
