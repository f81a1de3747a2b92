/**
 * What the platforms' modules share: reading the code and message out of a JSON answer, and the
 * words of an error for an answer that is not what the platform documents.
 */
import { describe, expect, it } from 'vitest';
import { codeIn, unexpected } from '../../functions/notify/platform.js';

describe('codeIn', () => {
  it.each([
    ['{"errcode":0,"errmsg":"ok"}', { code: 0, message: 'ok' }],
    [
      '{"errcode":93000,"errmsg":"invalid webhook url"}',
      { code: 93000, message: 'invalid webhook url' },
    ],
    // A code without its message still says what failed.
    ['{"errcode":40035}', { code: 40035, message: '' }],
    ['{"errcode":40035,"errmsg":null}', { code: 40035, message: '' }],
  ])('reads %s', (body, result) => {
    expect(codeIn(body, 'errcode', 'errmsg')).toEqual(result);
  });

  it.each([
    'Bad Gateway',
    '',
    'null',
    '93000',
    '"errcode"',
    '[93000]',
    '{"errcode":"93000","errmsg":"invalid webhook url"}',
    '{"code":0,"msg":"success"}',
  ])('finds no code in %j', (body) => {
    expect(codeIn(body, 'errcode', 'errmsg')).toBeUndefined();
  });
});

describe('unexpected', () => {
  it('names the status alone for an empty or blank answer', () => {
    expect(unexpected(502, '')).toBe('HTTP 502, not the documented answer');
    expect(unexpected(502, ' \r\n')).toBe('HTTP 502, not the documented answer');
  });

  it("quotes a proxy's page on one line, its line breaks and indents one space each", () => {
    const page = '\r\n<html>\r\n  <head><title>502 Bad Gateway</title></head>\r\n</html>\r\n';
    expect(unexpected(502, page)).toBe(
      'HTTP 502, not the documented answer: <html> <head><title>502 Bad Gateway</title></head> </html>',
    );
  });

  it('quotes only the first 120 characters of a long answer', () => {
    const page = `<html><body>${'Service temporarily unavailable. '.repeat(20)}</body></html>`;
    // 12 characters of tags, three sentences of 33, and 9 of the fourth.
    const sentence = 'Service temporarily unavailable.';
    expect(unexpected(503, page)).toBe(
      `HTTP 503, not the documented answer: <html><body>${sentence} ${sentence} ${sentence} Service t`,
    );
  });
});
