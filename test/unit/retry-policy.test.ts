import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  classifyErrorCode,
  classifyHttpStatus,
} from '../../functions/lib/retry-policy.js';

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
