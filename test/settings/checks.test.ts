import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import {
  checkBoolean,
  checkCalendarDate,
  checkConcurrency,
  checkEmail,
  checkInteger,
  checkLogRetentionDays,
  checkPrefix,
  checkText,
  checkTimeZone,
  LOG_RETENTION_DAYS,
  parseRequestFields,
} from '../../functions/settings/checks.js';

describe('checkCalendarDate', () => {
  it('returns a calendar day as given', () => {
    expect(checkCalendarDate('2024-02-29', 'chat-opsdata:firstSnapshotDate')).toBe('2024-02-29');
  });

  it('names the setting when it rejects one', () => {
    expect(() => checkCalendarDate('2026-02-30', 'chat-opsdata:firstSnapshotDate')).toThrow(
      'chat-opsdata:firstSnapshotDate: "2026-02-30" is not a date written YYYY-MM-DD',
    );
  });

  it('names the setting in the error field', () => {
    expect(() => checkCalendarDate('2026-11-31', 'chat-opsdata:firstSnapshotDate')).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'chat-opsdata:firstSnapshotDate' }),
    );
  });
});

describe('checkTimeZone', () => {
  it('rejects an unknown time zone, naming TIME_ZONE or the given field', () => {
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'TIME_ZONE' }),
    );
    expect(() => checkTimeZone('Mars/Olympus', '--time-zone')).toThrow(
      '--time-zone: unknown time zone "Mars/Olympus"',
    );
    expect(checkTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
  });

  it('rejects an empty time zone and keeps the runtime’s reason as the cause', () => {
    const error = (() => {
      try {
        checkTimeZone('');
      } catch (e) {
        return e;
      }
      throw new Error('expected checkTimeZone to throw');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field: 'TIME_ZONE' });
    expect((error as Error).cause).toBeInstanceOf(RangeError);
  });
});

describe('checkPrefix', () => {
  it.each([['/x'], ['x/'], ['a//b'], [''], ['raw/x'], ['raw'], ['days'], ['days/x'], ['a b']])(
    'rejects the prefix %j',
    (prefix) => {
      expect(() => checkPrefix(prefix)).toThrow(ConfigError);
    },
  );

  it('accepts a nested prefix', () => {
    expect(checkPrefix('chat/getappinfo')).toBe('chat/getappinfo');
  });

  it('names SNAPSHOT_PREFIX by default, or the given setting', () => {
    expect(() => checkPrefix('/x')).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'SNAPSHOT_PREFIX' }),
    );
    expect(() => checkPrefix('raw', '--prefix')).toThrow(
      expect.objectContaining({ field: '--prefix' }),
    );
    expect(() => checkPrefix('raw', '--prefix')).toThrow(/^--prefix: snapshot prefix "raw" must/);
  });

  it.each([['a.b-c_d'], ['Chat/getappinfo2'], ['raw2'], ['x/raw']])('accepts %j', (prefix) => {
    expect(checkPrefix(prefix)).toBe(prefix);
  });
});

describe('parseRequestFields, unknown names', () => {
  it('lists every unknown name, and suggests a spelling only where one matches', () => {
    expect(() => parseRequestFields('Foo,upmsgnum,Bar')).toThrow(
      'REQUEST_FIELDS: not a getappinfo field: "Foo", "upmsgnum" (did you mean UpMsgNum?), "Bar" — the names are case-sensitive',
    );
  });

  it('suggests the field a misspelt name most likely meant, as the secret does', () => {
    expect(() => parseRequestFields('ActiveUsrNum,LoginTime')).toThrow(
      'not a getappinfo field: "ActiveUsrNum" (did you mean ActiveUserNum?), "LoginTime" (did you mean LoginTimes?)',
    );
  });
});

describe('checkConcurrency', () => {
  // DESIGN: chat-opsdata:concurrency → CONCURRENCY, a whole number from 1 to 64.
  it.each([
    [1, 1],
    [64, 64],
    ['8', 8],
    ['12', 12],
    [' 3 ', 3],
  ])('accepts %j', (value, expected) => {
    expect(checkConcurrency(value)).toBe(expected);
  });

  it.each([[0], [65], [2.5], ['1e1'], ['0x10'], ['3x'], [true], [[4]], ['']])(
    'rejects %j, naming CONCURRENCY or the given setting',
    (value) => {
      expect(() => checkConcurrency(value)).toThrow(
        expect.objectContaining({ name: 'ConfigError', field: 'CONCURRENCY' }),
      );
      expect(() => checkConcurrency(value, 'chat-opsdata:concurrency')).toThrow(
        /^chat-opsdata:concurrency must be a whole number from 1 to 64, got /,
      );
    },
  );
});

describe('parseRequestFields', () => {
  it('splits, trims and always adds Date', () => {
    expect(parseRequestFields(' ActiveUserNum, LoginTimes ,')).toEqual([
      'ActiveUserNum',
      'LoginTimes',
      'Date',
    ]);
  });

  it('means all fields when empty', () => {
    expect(parseRequestFields('')).toBeUndefined();
    expect(parseRequestFields(undefined)).toBeUndefined();
  });

  it('rejects a malformed field name, naming the setting', () => {
    expect(() => parseRequestFields('ActiveUserNum,Login Times', '--fields')).toThrow(
      /^--fields: not a getappinfo field: "Login Times"/,
    );
  });

  it('rejects a well-formed name getappinfo does not document, as the stack does', () => {
    expect(() => parseRequestFields('ActiveUserNum,BrandNewNum')).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'REQUEST_FIELDS' }),
    );
    expect(() => parseRequestFields(['BrandNewNum'])).toThrow(/"BrandNewNum"/);
  });

  it('suggests the documented spelling for a name in the wrong case', () => {
    expect(() => parseRequestFields('activeusernum', '--fields')).toThrow(
      '"activeusernum" (did you mean ActiveUserNum?)',
    );
  });

  it('accepts every documented field and keeps Date once', () => {
    expect(parseRequestFields(['Date', 'AppName', 'CallBackRsp'])).toEqual([
      'Date',
      'AppName',
      'CallBackRsp',
    ]);
  });
});

describe('checkText', () => {
  it('trims text and refuses anything else, naming the setting', () => {
    expect(checkText('  getappinfo\n', 'chat-opsdata:snapshotPrefix')).toBe('getappinfo');
    expect(checkText('', 'k')).toBe('');
    for (const value of [7, true, null, ['a'], { a: 1 }]) {
      expect(() => checkText(value, 'chat-opsdata:secret')).toThrow(
        expect.objectContaining({
          name: 'ConfigError',
          field: 'chat-opsdata:secret',
          message: 'chat-opsdata:secret must be a string',
        }),
      );
    }
  });
});

describe('checkInteger', () => {
  it.each([
    [0, 0],
    [23, 23],
    ['7', 7],
    [' 10 ', 10],
    ['0', 0],
  ])('takes %j as %d', (value, expected) => {
    expect(checkInteger(value, 'chat-opsdata:scheduleHour', 0, 23)).toBe(expected);
  });

  it.each([
    [-1],
    [24],
    [2.5],
    ['2.5'],
    ['1e1'],
    ['-1'],
    ['24'],
    [''],
    ['x'],
    [true],
    [null],
    [[3]],
  ])('refuses %j for 0 to 23, naming the setting, the range and the value', (value) => {
    expect(() => checkInteger(value, 'chat-opsdata:scheduleHour', 0, 23)).toThrow(
      expect.objectContaining({
        field: 'chat-opsdata:scheduleHour',
        message: `chat-opsdata:scheduleHour must be an integer from 0 to 23, got ${String(value)}`,
      }),
    );
  });

  it('keeps to the bounds it is given', () => {
    expect(checkInteger(36_500, 'k', 0, 36_500)).toBe(36_500);
    expect(() => checkInteger(5, 'k', 6, 9)).toThrow('k must be an integer from 6 to 9, got 5');
  });
});

describe('checkBoolean', () => {
  it.each([
    [true, true],
    ['true', true],
    [false, false],
    ['false', false],
  ])('takes %j as %s', (value, expected) => {
    expect(checkBoolean(value, 'chat-opsdata:dashboard')).toBe(expected);
  });

  it.each([['yes'], ['TRUE'], [''], [1], [0], [null]])(
    'refuses %j, naming the setting',
    (value) => {
      expect(() => checkBoolean(value, 'chat-opsdata:dashboard')).toThrow(
        expect.objectContaining({
          field: 'chat-opsdata:dashboard',
          message: `chat-opsdata:dashboard must be true or false, got ${String(value)}`,
        }),
      );
    },
  );
});

describe('checkEmail', () => {
  it('takes an address, trimmed, and none for empty text', () => {
    expect(checkEmail(' ops@example.com ', 'chat-opsdata:alarmEmail')).toBe('ops@example.com');
    expect(checkEmail('', 'chat-opsdata:alarmEmail')).toBeUndefined();
    expect(checkEmail('a.b+c@mail.example.co', 'k')).toBe('a.b+c@mail.example.co');
  });

  it.each([
    ['ops'],
    ['ops@example'],
    ['@example.com'],
    ['ops@.'],
    ['o ps@example.com'],
    ['ops@example.com x'],
    ['a@b@c.d'],
  ])('refuses %j, naming the setting and the address', (address) => {
    expect(() => checkEmail(address, 'chat-opsdata:digestEmail')).toThrow(
      expect.objectContaining({
        field: 'chat-opsdata:digestEmail',
        message: `chat-opsdata:digestEmail is not an e-mail address: "${address}"`,
      }),
    );
  });
});

describe('checkLogRetentionDays', () => {
  it('takes every value CloudWatch Logs accepts, as a number or as text', () => {
    for (const days of LOG_RETENTION_DAYS) {
      expect(checkLogRetentionDays(days, 'k')).toBe(days);
      expect(checkLogRetentionDays(String(days), 'k')).toBe(days);
    }
  });

  it.each([[2], [91], [3654], [0]])('refuses %j, naming the setting', (days) => {
    expect(() => checkLogRetentionDays(days, 'chat-opsdata:logRetentionDays')).toThrow(
      expect.objectContaining({ field: 'chat-opsdata:logRetentionDays' }),
    );
  });

  it('lists the accepted values when a whole number is not one of them', () => {
    expect(() => checkLogRetentionDays(91, 'chat-opsdata:logRetentionDays')).toThrow(
      `chat-opsdata:logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
  });
});
