import { describe, expect, it } from 'vitest';
import {
  attemptTimeout,
  backoffDelay,
  decideRetry,
  type FailedAttempt,
} from '../../functions/getappinfo/retry-policy.js';

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
