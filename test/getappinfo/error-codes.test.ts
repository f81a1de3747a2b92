import { describe, expect, it } from 'vitest';
import { classifyErrorCode, classifyHttpStatus } from '../../functions/getappinfo/error-codes.js';

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
