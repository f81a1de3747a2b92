/**
 * Which getappinfo failures are worth another attempt, what to tell the operator, and how long
 * to wait. Codes: https://www.tencentcloud.com/document/product/1047/34348 (public error codes)
 * and the getappinfo page (130001–130012).
 */

export interface FailureClass {
  readonly retryable: boolean;
  /** What to check or fix; empty when there is nothing specific to say. */
  readonly hint: string;
}

const WRONG_KEY =
  'the UserSig was rejected — check "secretKey" and "identifier" for this app (the key is under Basic Configuration in the Chat console)';
const WRONG_REGION =
  'is "region" right for this app? The SDKAppID is not known at this domain (or set "endpoint")';
const NOT_ADMIN =
  '"identifier" is not an App admin — use an account listed under App admin in the Chat console';

const RETRYABLE_CODES = new Set([
  60007, 60011, 60018, 60019, 70169, 70500, 130009, 130010, 130011, 130012,
]);

const HINTS: Readonly<Record<number, string>> = {
  60004: WRONG_KEY,
  60005: WRONG_KEY,
  70003: WRONG_KEY,
  70009: WRONG_KEY,
  60006: WRONG_REGION,
  70020: WRONG_REGION,
  // 70016: no key for this SDKAppID at this data center, which is again a region mismatch.
  70016: WRONG_REGION,
  70013: 'the UserSig was signed for another identifier — check "identifier"',
  70014: 'the UserSig was signed for another SDKAppID — check "sdkAppId"',
  60010: NOT_ADMIN,
  70403: NOT_ADMIN,
  60020: "the app's Chat package has expired — renew it in the Chat console",
  60021:
    'the calling IP is not allowed — add the egress IP to the IP allowlist in the Chat console, or remove the allowlist',
  // A fresh UserSig is signed for every attempt, so 70001 twice in a row means a skewed clock.
  70001: 'the UserSig had expired on arrival — is the clock of this machine right?',
  130001: 'the request body was rejected as invalid JSON — this is a bug in chat-opsdata',
};

/** Classifies a getappinfo `ErrorCode` (non-zero). */
export function classifyErrorCode(errorCode: number): FailureClass {
  if (RETRYABLE_CODES.has(errorCode)) {
    const rateLimited = errorCode >= 60007 && errorCode <= 60019;
    return {
      retryable: true,
      hint: rateLimited ? 'rate limited by Tencent' : 'temporary error on Tencent’s side',
    };
  }
  // 70001: the next attempt carries a new UserSig, so one more try is right.
  return { retryable: errorCode === 70001, hint: HINTS[errorCode] ?? '' };
}

/** Classifies a non-200 HTTP status (the API answers 200 unless the network in between fails). */
export function classifyHttpStatus(status: number): FailureClass {
  if (status === 429 || status >= 500) return { retryable: true, hint: '' };
  return {
    retryable: false,
    hint:
      status === 404
        ? 'is "endpoint" the base URL of the Chat REST API (no path)?'
        : 'an HTTP proxy or the endpoint refused the request',
  };
}

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
