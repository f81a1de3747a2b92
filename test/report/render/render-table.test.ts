import { describe, expect, it } from 'vitest';
import { callbackRateText } from '../../../functions/report/render/render-table.js';
import { reportRow } from '../../../tools/harness/report-fixture.js';

describe('callbackRateText', () => {
  it.each([
    [0n, 0n, '–'],
    [10n, null, '–'],
    [3n, 2n, '66.67 %'],
    [30000n, 29997n, '99.99 %'],
    // Never 100.00 % while a request went unanswered (as the digest, the cards and the e-mail).
    [20000n, 19999n, '99.99 %'],
    [200000n, 199999n, '99.99 %'],
    [9223372036854775807n, 9223372036854775806n, '99.99 %'],
    [20000n, 20000n, '100.00 %'],
    [1000n, 995n, '99.50 %'],
  ])('req %s, rsp %s → %s', (req, rsp, text) => {
    expect(
      callbackRateText(
        reportRow({ stat_date: '2026-11-27', callback_req: req, callback_rsp: rsp }),
      ),
    ).toBe(text);
  });
});
