import { describe, expect, it } from 'vitest';
import {
  attemptTimeout,
  backoffDelay,
  classifyErrorCode,
  classifyHttpStatus,
  decideRetry,
  type FailedAttempt,
} from '../../functions/getappinfo/retry-policy.js';

describe('classifyErrorCode', () => {
  it.each([60007, 60011, 60018, 60019, 70169, 70500, 130009, 130010, 130011, 130012])(
    'retries %i',
    (code) => {
      expect(classifyErrorCode(code).retryable).toBe(true);
    },
  );

  it('retries 70001 once more with a new UserSig and points at the clock', () => {
    expect(classifyErrorCode(70001)).toEqual({
      retryable: true,
      hint: expect.stringMatching(/clock/),
    });
  });

  it.each([
    [60004, /secretKey/],
    [60005, /secretKey/],
    [70003, /secretKey/],
    [70009, /identifier/],
    [60006, /region/],
    [70020, /region/],
    [70016, /region/],
    [70013, /identifier/],
    [70014, /sdkAppId/],
    [60010, /App admin/],
    [70403, /App admin/],
    [60020, /expired/],
    [60021, /IP/],
    [130001, /bug/],
  ])('fails fast on %i with a hint', (code, hint) => {
    const result = classifyErrorCode(code);
    expect(result.retryable).toBe(false);
    expect(result.hint).toMatch(hint);
  });

  it('fails fast on an unknown code with no made-up hint', () => {
    expect(classifyErrorCode(91234)).toEqual({ retryable: false, hint: '' });
  });
});

describe('classifyHttpStatus', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [504, true],
    [400, false],
    [403, false],
    [404, false],
  ])('HTTP %i retryable=%s', (status, retryable) => {
    expect(classifyHttpStatus(status).retryable).toBe(retryable);
  });
});

describe('backoffDelay', () => {
  const options = { baseMs: 500, maxMs: 8000 };

  it('doubles the ceiling per attempt up to the maximum', () => {
    const almostOne = 0.999999;
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, almostOne, options))).toEqual([
      499, 999, 1999, 3999, 7999, 7999, 7999,
    ]);
  });

  it('scales with the jitter draw', () => {
    expect(backoffDelay(3, 0, options)).toBe(0);
    expect(backoffDelay(3, 0.5, options)).toBe(1000);
  });
});

describe('decideRetry', () => {
  const limits = { maxAttempts: 5, minAttemptMs: 1_000, baseMs: 500, maxMs: 8_000 };
  // random 0.5 on attempt 2: backoff ceiling 1000 ms, delay 500 ms.
  const failed: FailedAttempt = {
    attempt: 2,
    retryable: true,
    errorCode: 70169,
    previousErrorCode: undefined,
    now: 10_000,
    deadline: 20_000,
    random: 0.5,
  };

  it('retries a retryable failure after the jittered backoff', () => {
    expect(decideRetry(failed, limits)).toEqual({ retry: true, delayMs: 500 });
  });

  it.each([
    ['a failure a retry cannot fix', { retryable: false }, 'permanent'],
    ['a second 70001 in a row', { errorCode: 70001, previousErrorCode: 70001 }, 'clock-skew'],
    ['the last allowed attempt', { attempt: 5 }, 'max-attempts'],
    ['too little time left after the backoff', { deadline: 11_499 }, 'deadline'],
  ] as const)('gives up on %s', (_case, change, reason) => {
    expect(decideRetry({ ...failed, ...change }, limits)).toEqual({ retry: false, reason });
  });

  it('retries a first 70001, and a 70001 after another code', () => {
    expect(decideRetry({ ...failed, errorCode: 70001 }, limits).retry).toBe(true);
    expect(
      decideRetry({ ...failed, errorCode: 70001, previousErrorCode: 70169 }, limits).retry,
    ).toBe(true);
  });

  it('retries when exactly minAttemptMs is left after the backoff', () => {
    expect(decideRetry({ ...failed, deadline: 11_500 }, limits)).toEqual({
      retry: true,
      delayMs: 500,
    });
  });

  it('puts a permanent failure before the other rules', () => {
    expect(decideRetry({ ...failed, retryable: false, attempt: 9, deadline: 0 }, limits)).toEqual({
      retry: false,
      reason: 'permanent',
    });
  });
});

describe('attemptTimeout', () => {
  it.each([
    [0, 60_000, 10_000, 10_000],
    [55_000, 60_000, 10_000, 5_000],
    [60_000, 60_000, 10_000, 0],
    [61_000, 60_000, 10_000, 0],
  ])('at %i with deadline %i and timeout %i gives %i ms', (now, deadline, timeout, expected) => {
    expect(attemptTimeout(now, deadline, timeout)).toBe(expected);
  });
});

describe('hints for the retryable failures', () => {
  // DESIGN.md: 60007, 60011, 60018, 60019 are rate limits; 70169, 70500 internal errors;
  // 130009–130012 getappinfo's SQL errors.
  it.each([60007, 60011, 60018, 60019])('says %i is a rate limit', (code) => {
    expect(classifyErrorCode(code)).toEqual({ retryable: true, hint: 'rate limited by Tencent' });
  });

  it.each([70169, 70500, 130009, 130010, 130011, 130012])(
    'says %i is a temporary error on Tencent’s side, not a rate limit',
    (code) => {
      expect(classifyErrorCode(code)).toEqual({
        retryable: true,
        hint: 'temporary error on Tencent’s side',
      });
    },
  );

  it('has nothing specific to say about a 429 or a 5xx', () => {
    expect(classifyHttpStatus(429)).toEqual({ retryable: true, hint: '' });
    expect(classifyHttpStatus(503)).toEqual({ retryable: true, hint: '' });
  });

  it('asks whether the endpoint has a path on a 404, and blames a proxy for another 4xx', () => {
    expect(classifyHttpStatus(404).hint).toMatch(/"endpoint" the base URL .*\(no path\)/);
    for (const status of [400, 403, 407]) {
      expect(classifyHttpStatus(status).hint).toMatch(/proxy or the endpoint refused/);
    }
  });
});

describe('decideRetry after a 70001', () => {
  const limits = { maxAttempts: 5, minAttemptMs: 1_000, baseMs: 500, maxMs: 8_000 };
  const after70001: FailedAttempt = {
    attempt: 2,
    retryable: true,
    errorCode: 70169,
    previousErrorCode: 70001,
    now: 10_000,
    deadline: 20_000,
    random: 0.5,
  };

  it('retries another retryable code that follows a 70001: only 70001 twice means the clock', () => {
    expect(decideRetry(after70001, limits)).toEqual({ retry: true, delayMs: 500 });
  });
});
