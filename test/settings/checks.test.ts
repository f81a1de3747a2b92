import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import {
  checkCalendarDate,
  checkConcurrency,
  checkPrefix,
  checkTimeZone,
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
