import { describe, expect, it } from 'vitest';
import { callbackRateText } from '../../../functions/report/render/render-table.js';
import { reportRow } from '../../../tools/harness/report-fixture.js';

describe('callbackRateText', () => {
  it.each([
    [0n, 0n, '–'],
    [10n, null, '–'],
    [3n, 2n, '66.67 %'],
    [30000n, 29997n, '99.99 %'],
    [20000n, 19999n, '100.00 %'],
    [200000n, 199999n, '100.00 %'],
    [9223372036854775807n, 9223372036854775806n, '100.00 %'],
    [1000n, 995n, '99.50 %'],
  ])('req %s, rsp %s → %s', (req, rsp, text) => {
    expect(
      callbackRateText(
        reportRow({ stat_date: '2026-11-27', callback_req: req, callback_rsp: rsp }),
      ),
    ).toBe(text);
  });
});
