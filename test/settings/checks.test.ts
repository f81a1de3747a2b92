import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/core/errors.js';
import {
  checkCalendarDate,
  checkConcurrency,
  checkPrefix,
  checkTimeZone,
  isCalendarDate,
  isObject,
  parseRequestFields,
} from '../../functions/settings/checks.js';

describe('isObject', () => {
  it.each([
    [{}, true],
    [{ a: 1 }, true],
    [null, false],
    [[], false],
    ['{}', false],
    [7, false],
    [undefined, false],
  ])('%j is a JSON object: %s', (value, expected) => {
    expect(isObject(value)).toBe(expected);
  });
});

describe('isCalendarDate', () => {
  it.each([['2026-11'], ['2026'], ['2026-11-28T00:00:00Z'], ['+012026-11-28'], ['02026-11-28']])(
    'rejects %j, which Date.parse would take',
    (text) => {
      expect(isCalendarDate(text)).toBe(false);
    },
  );
});

describe('checkCalendarDate', () => {
  it('returns a calendar day as given', () => {
    expect(checkCalendarDate('2024-02-29', 'chat-opsdata:firstSnapshotDate')).toBe('2024-02-29');
  });

  it('names the setting in the error field', () => {
    expect(() => checkCalendarDate('2026-11-31', 'chat-opsdata:firstSnapshotDate')).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'chat-opsdata:firstSnapshotDate' }),
    );
  });
});

describe('checkTimeZone', () => {
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

describe('parseRequestFields: unknown names', () => {
  it('lists every unknown name, and suggests a spelling only where one matches', () => {
    expect(() => parseRequestFields('Foo,upmsgnum,Bar')).toThrow(
      'REQUEST_FIELDS: not a getappinfo field: "Foo", "upmsgnum" (did you mean UpMsgNum?), "Bar" — the names are case-sensitive',
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
