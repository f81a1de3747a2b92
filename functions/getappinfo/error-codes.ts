/**
 * Tencent's error codes and HTTP statuses for getappinfo: which are worth another attempt, and
 * what to tell the operator. Codes: https://www.tencentcloud.com/document/product/1047/34348
 * (public error codes) and the getappinfo page (130001–130012).
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

// The retryable codes: rate limits, Tencent's internal errors (70169, 70500) and getappinfo's SQL
// errors (130009–130012).
const RATE_LIMIT_CODES = new Set([60007, 60011, 60018, 60019]);
const TEMPORARY_CODES = new Set([70169, 70500, 130009, 130010, 130011, 130012]);

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
  if (RATE_LIMIT_CODES.has(errorCode)) return { retryable: true, hint: 'rate limited by Tencent' };
  if (TEMPORARY_CODES.has(errorCode)) {
    return { retryable: true, hint: 'temporary error on Tencent’s side' };
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
