import { describe, expect, it } from 'vitest';
import { GetAppInfoError, ResponseFormatError } from '../../functions/core/errors.js';
import {
  excerpt,
  MAX_RESULT_NESTING,
  parseGetAppInfoBody,
  parseStatDate,
} from '../../functions/getappinfo/response.js';

const APP = 1400000000;
/** 10:30 in Beijing on 2016-06-08: the window of days runs from 2016-05-08 to 2016-06-08. */
const NOW = new Date('2016-06-08T02:30:00Z');

function failure(body: string, options: { now?: Date; userSig?: string } = {}): unknown {
  try {
    parseGetAppInfoBody(body, APP, { now: NOW, ...options });
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
    expect(parseGetAppInfoBody(body, APP, { now: NOW })).toEqual([
      { statDate: '2016-06-05', fields: { ChainDecrease: '8', Date: '20160605' } },
      { statDate: '2016-06-04', fields: { ChainDecrease: '17', Date: '20160604' } },
    ]);
  });

  it('accepts an empty Result (an app with no days yet)', () => {
    expect(
      parseGetAppInfoBody('{"ErrorCode":0,"ErrorInfo":"OK","Result":[]}', APP, { now: NOW }),
    ).toEqual([]);
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
    expect(parseGetAppInfoBody(atLimit, APP, { now: NOW })).toHaveLength(1);
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
    expect((error as Error).message).toBe(
      'getappinfo failed for app 1400000000: 70169 — temporary error on Tencent’s side',
    );
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
    expect(parseGetAppInfoBody(body, APP, { now: NOW })).toEqual([
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

/** A success body with one element per date (YYYYMMDD), each with one count. */
function daysBody(dates: readonly string[]): string {
  return JSON.stringify({
    ErrorCode: 0,
    ErrorInfo: 'OK',
    Result: dates.map((date) => ({ Date: date, ActiveUserNum: '1' })),
  });
}

/** The `n` days before 2016-06-08 (NOW's Beijing day), newest first, as the API sends them. */
const daysBefore = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(2016, 5, 7 - i)).toISOString().slice(0, 10).replaceAll('-', ''),
  );

describe('parseGetAppInfoBody: the days an answer may hold', () => {
  it('takes the 30 documented days, the day in progress and one more of margin: 32 days', () => {
    expect(parseGetAppInfoBody(daysBody(daysBefore(30)), APP, { now: NOW })).toHaveLength(30);
    const widest = ['20160608', ...daysBefore(31)];
    const days = parseGetAppInfoBody(daysBody(widest), APP, { now: NOW });
    expect(days.map((d) => d.statDate).slice(0, 1)).toEqual(['2016-06-08']);
    expect(days.at(-1)?.statDate).toBe('2016-05-08');
  });

  it('refuses more than 32 elements before looking at any of them, not retryable', () => {
    const error = failure(daysBody(Array.from({ length: 33 }, () => 'not a date')));
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toMatch(
      /^getappinfo for app 1400000000 returned 33 days in Result, more than the 32 getappinfo answers with: "/,
    );
  });

  it('refuses 209,000 one-field days (a 4 MiB answer) by their count alone', () => {
    const error = failure(daysBody(Array.from({ length: 209_000 }, () => '20160607')));
    expect((error as Error).message).toMatch(/returned 209000 days in Result, more than the 32/);
  });

  it('refuses a day after the API’s current Beijing day, naming it', () => {
    const error = failure(daysBody([...daysBefore(30), '20990101']));
    expect(error).toMatchObject({ name: 'ResponseFormatError', retryable: false });
    expect((error as Error).message).toMatch(
      /^getappinfo for app 1400000000 returned Result\[30\] with Date 20990101, which is after 2016-06-08, the API's current day \(Beijing time\): "/,
    );
  });

  it('refuses the 106-byte answer of 0001-01-01 and 9999-12-31 at its first day', () => {
    const body = '{"ErrorCode":0,"Result":[{"Date":"00010101"},{"Date":"99991231"}]}';
    expect((failure(body) as Error).message).toMatch(
      /returned Result\[0\] with Date 00010101, which is before 2016-05-08, older than the 32 days getappinfo answers for \(30 documented\)/,
    );
  });

  it('refuses a date sent twice, naming both places', () => {
    const error = failure(daysBody(['20160607', '20160606', '20160607']));
    expect((error as Error).message).toMatch(
      /returned Result\[2\] with Date 20160607, which repeats the day of Result\[0\]: "/,
    );
  });

  it('reads the API’s day in Beijing time with an hour of margin for a clock behind Tencent’s', () => {
    // 23:10 in Beijing on 2016-06-07 is 2016-06-08 in Beijing an hour later: its day is accepted.
    const late = new Date('2016-06-07T15:10:00Z');
    expect(parseGetAppInfoBody(daysBody(['20160608']), APP, { now: late })).toHaveLength(1);
    // 22:50 in Beijing: the next day is still more than an hour away.
    const earlier = new Date('2016-06-07T14:50:00Z');
    expect((failure(daysBody(['20160608']), { now: earlier }) as Error).message).toMatch(
      /which is after 2016-06-07, the API's current day/,
    );
  });
});

describe('parseGetAppInfoBody: text from the API', () => {
  it('puts ErrorInfo into the message as one safe line: no escapes, no line breaks, no bidi', () => {
    const info = 'bad\u001b[2J\u001b]0;owned\u0007\r\n  ok     1400009999  forged\u202e';
    const error = failure(JSON.stringify({ ErrorCode: 91234, ErrorInfo: info }));
    expect((error as Error).message).toBe(
      'getappinfo failed for app 1400000000: 91234 bad ok     1400009999  forged\uFFFD',
    );
    // The field keeps what the API sent, for code that needs it.
    expect(error).toMatchObject({ errorInfo: info });
  });

  it('hides the attempt’s own UserSig wherever ErrorInfo and the excerpt echo it', () => {
    const userSig = 'eJw1jNEKgjAUhu*SS6HmU-a_b';
    const echoes = [
      `usersig=${userSig}`,
      `usersig%3D${userSig.replace('*', '%2A')}`,
      `usersig\\u003d${userSig}`,
      `{"usersig":"${userSig}"}`,
      `usersig=&quot;${userSig}&quot;`,
      `signature ${userSig} rejected`,
      // Percent-encoding is case-insensitive (RFC 3986, 2.1): `*` may come back as %2A or %2a.
      `signature ${userSig.replace('*', '%2A')} rejected`,
      `signature ${userSig.replace('*', '%2a')} rejected`,
    ];
    for (const echo of echoes) {
      const info = failure(JSON.stringify({ ErrorCode: 70009, ErrorInfo: echo }), { userSig });
      const shape = failure(`<p>${echo}</p>`, { userSig }) as ResponseFormatError;
      for (const text of [
        (info as Error).message,
        (info as GetAppInfoError).errorInfo,
        shape.message,
        shape.excerpt,
      ]) {
        expect(text).not.toContain('eJw1jNEKgjAUhu');
        expect(text).toContain('REDACTED');
      }
    }
  });
});
