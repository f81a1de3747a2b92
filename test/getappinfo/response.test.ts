import { describe, expect, it } from 'vitest';
import { GetAppInfoError, ResponseFormatError } from '../../functions/core/errors.js';
import {
  excerpt,
  MAX_RESULT_NESTING,
  parseGetAppInfoBody,
  parseStatDate,
} from '../../functions/getappinfo/response.js';

const APP = 1400000000;

function failure(body: string): unknown {
  try {
    parseGetAppInfoBody(body, APP);
  } catch (error) {
    return error;
  }
  throw new Error('expected parseGetAppInfoBody to throw');
}

describe('parseGetAppInfoBody', () => {
  it('returns each Result element with its Date read as YYYY-MM-DD, without ActionStatus', () => {
    const body = JSON.stringify({
      ErrorCode: 0,
      ErrorInfo: 'OK',
      Result: [
        { ChainDecrease: '8', Date: '20160605' },
        { ChainDecrease: '17', Date: '20160604' },
      ],
    });
    expect(parseGetAppInfoBody(body, APP)).toEqual([
      { statDate: '2016-06-05', fields: { ChainDecrease: '8', Date: '20160605' } },
      { statDate: '2016-06-04', fields: { ChainDecrease: '17', Date: '20160604' } },
    ]);
  });

  it('accepts an empty Result (an app with no days yet)', () => {
    expect(parseGetAppInfoBody('{"ErrorCode":0,"ErrorInfo":"OK","Result":[]}', APP)).toEqual([]);
  });

  it('turns 70020 into a permanent error whose message says to check the region', () => {
    const error = failure(
      '{"ActionStatus":"FAIL","ErrorCode":70020,"ErrorInfo":"SDKAppID not find"}',
    );
    expect(error).toBeInstanceOf(GetAppInfoError);
    expect(error).toMatchObject({
      errorCode: 70020,
      errorInfo: 'SDKAppID not find',
      retryable: false,
    });
    expect((error as Error).message).toBe(
      'getappinfo failed for app 1400000000: 70020 SDKAppID not find — is "region" right for this app? The SDKAppID is not known at this domain (or set "endpoint")',
    );
  });

  it('marks 70169 as retryable', () => {
    expect(failure('{"ErrorCode":70169,"ErrorInfo":"internal error"}')).toMatchObject({
      errorCode: 70169,
      retryable: true,
    });
  });

  it.each([
    ['a truncated body', '{"ErrorCode":0,"ErrorInfo":"OK","Result":[{"Date":"2016', true],
    ['an HTML page', '<html><body>Bad Gateway</body></html>', true],
    ['a JSON array', '[1,2]', false],
    ['no ErrorCode', '{"Result":[]}', false],
    ['a string ErrorCode', '{"ErrorCode":"0","Result":[]}', false],
    ['Result not an array', '{"ErrorCode":0,"Result":{}}', false],
    ['an element that is not an object', '{"ErrorCode":0,"Result":["x"]}', false],
    ['a missing Date', '{"ErrorCode":0,"Result":[{"ActiveUserNum":"1"}]}', false],
    ['a Date not YYYYMMDD', '{"ErrorCode":0,"Result":[{"Date":"2016-06-07"}]}', false],
  ])('rejects %s with an excerpt of the body', (_name, body, retryable) => {
    const error = failure(body);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ retryable, sdkAppId: APP });
    expect((error as Error).message).toContain('app 1400000000');
    expect((error as Error).message).toContain(body.slice(0, 20));
  });

  it('rejects ErrorCode 0 without any Result instead of taking it as no days', () => {
    const error = failure('{"ErrorCode":0,"ErrorInfo":"OK"}');
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as Error).message).toBe(
      'getappinfo for app 1400000000 returned ErrorCode 0 without a Result array: "{"ErrorCode":0,"ErrorInfo":"OK"}"',
    );
  });

  it('redacts a UserSig that a proxy page echoes back in its excerpt', () => {
    const error = failure(
      '<p>Bad request: /v4/openconfigsvr/getappinfo?sdkappid=1&usersig=eJwtjN0KgjAYhu9-lmW&random=5</p>',
    ) as ResponseFormatError;
    expect(error.message).toContain('usersig=REDACTED&random=5');
    expect(error.message).not.toContain('eJwtjN0KgjAYhu9');
    expect(error.excerpt).not.toContain('eJwtjN0KgjAYhu9');
  });

  it('cuts a long body down to a short excerpt', () => {
    const error = failure(`<html>${'x'.repeat(5000)}</html>`) as ResponseFormatError;
    expect(error.excerpt.length).toBeLessThanOrEqual(121);
    expect(error.message.length).toBeLessThan(250);
  });

  it('refuses an element nested deeper than 32 levels, not retryable, instead of overflowing the stack later (found by fuzzing)', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    // 10,000 levels: JSON.parse reads it, JSON.stringify (for extra) throws a RangeError.
    const deep = `{"ErrorCode":0,"Result":[{"Date":"20160605","NewField":${nested(10_000)}}]}`;
    const error = failure(deep);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toMatch(/Result\[0\] nested more than 32 levels deep/);
    // The element itself is the first level: 31 more are still a snapshot row.
    const atLimit = `{"ErrorCode":0,"Result":[{"Date":"20160605","NewField":${nested(MAX_RESULT_NESTING - 1)}}]}`;
    expect(parseGetAppInfoBody(atLimit, APP)).toHaveLength(1);
    expect(failure(atLimit.replace(nested(31), nested(32)))).toBeInstanceOf(ResponseFormatError);
  });
});

describe('parseGetAppInfoBody: what the error says', () => {
  it.each([
    ['{"ErrorCode":0,"Result":[', 'a body that is not JSON'],
    ['null', 'JSON that is not an object'],
    ['[{"ErrorCode":0}]', 'JSON that is not an object'],
    ['{"ErrorCode":null,"Result":[]}', 'no numeric ErrorCode'],
    ['{"ErrorCode":0,"Result":[{"Date":"20160605"},null]}', 'Result[1] that is not an object'],
    ['{"ErrorCode":0,"Result":[{"Date":"20160605"},"x"]}', 'Result[1] that is not an object'],
    [
      '{"ErrorCode":0,"Result":[{"Date":"20160605"},{"Date":"2016065"}]}',
      'Result[1] without a valid Date (YYYYMMDD)',
    ],
  ])('names the problem with %s', (body, problem) => {
    const error = failure(body);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as Error).message).toBe(
      `getappinfo for app 1400000000 returned ${problem}: "${body}"`,
    );
  });

  it('keeps ErrorInfo empty, not "undefined", when the API leaves it out', () => {
    const error = failure('{"ErrorCode":70169}');
    expect(error).toMatchObject({ errorCode: 70169, errorInfo: '' });
    expect((error as Error).message).not.toContain('undefined');
  });

  it('adds no dangling dash for a code without a hint', () => {
    expect((failure('{"ErrorCode":91234,"ErrorInfo":"new error"}') as Error).message).toBe(
      'getappinfo failed for app 1400000000: 91234 new error',
    );
  });
});

describe('excerpt', () => {
  it('puts a body on one line, with runs of white space as one space', () => {
    expect(excerpt('\r\n  <html>\r\n\r\n<body>Bad   Gateway</body>\t</html>\n')).toBe(
      '<html> <body>Bad Gateway</body> </html>',
    );
  });

  it('keeps a body of up to 120 characters whole and cuts a longer one with an ellipsis', () => {
    expect(excerpt('x'.repeat(120))).toBe('x'.repeat(120));
    expect(excerpt('y'.repeat(121))).toBe(`${'y'.repeat(120)}…`);
  });
});

describe('parseGetAppInfoBody: null values', () => {
  it('keeps a null value of an element, at any depth within the limit', () => {
    const body =
      '{"ErrorCode":0,"Result":[{"Date":"20160605","AppName":null,"NewField":[[null,{"a":null}]]}]}';
    expect(parseGetAppInfoBody(body, APP)).toEqual([
      {
        statDate: '2016-06-05',
        fields: { Date: '20160605', AppName: null, NewField: [[null, { a: null }]] },
      },
    ]);
  });
});

describe('parseStatDate', () => {
  it.each([
    ['20160607', '2016-06-07'],
    ['20240229', '2024-02-29'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseStatDate(input)).toBe(expected);
  });

  it.each([['2016-06-07'], ['20230229'], ['20161301'], ['2016067'], [20160607], [undefined]])(
    'rejects %j',
    (input) => {
      expect(parseStatDate(input)).toBeUndefined();
    },
  );

  it.each([['201606051'], ['120160605'], ['2016060'], ['20160631'], [20160605]])(
    'rejects %j: a Date is exactly YYYYMMDD of a real day',
    (value) => {
      expect(parseStatDate(value)).toBeUndefined();
    },
  );
});
