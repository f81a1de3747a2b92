import { describe, expect, it } from 'vitest';
import {
  addDays,
  DAY_MS,
  dated,
  datedShort,
  dayIn,
  dayNumber,
  dayRange,
  daysBetween,
  isCalendarDate,
  isCalendarMonth,
  monthOf,
  weekday,
} from '../../functions/core/dates.js';

describe('dayIn', () => {
  it.each([
    ['2026-11-27T15:59:59Z', 'Asia/Shanghai', '2026-11-27'],
    ['2026-11-27T16:00:00Z', 'Asia/Shanghai', '2026-11-28'],
    ['2026-11-27T16:00:00Z', 'UTC', '2026-11-27'],
    ['2026-01-01T04:00:00Z', 'America/New_York', '2025-12-31'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(dayIn(new Date(instant), zone)).toBe(expected);
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2026-11-28', true],
    ['2023-02-29', false],
    ['2026-13-01', false],
    ['2026-1-1', false],
    ['yesterday', false],
    ['', false],
  ])('%j is a calendar date: %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it.each([['2026-11'], ['2026'], ['2026-11-28T00:00:00Z'], ['+012026-11-28'], ['02026-11-28']])(
    'rejects %j, which Date.parse would take',
    (text) => {
      expect(isCalendarDate(text)).toBe(false);
    },
  );
});

describe('day arithmetic', () => {
  it('shifts a day across month, year and leap-day ends', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-11-28', 0)).toBe('2026-11-28');
    expect(addDays('2026-11-28', -7)).toBe('2026-11-21');
  });

  it('counts whole days between two days, negative backwards', () => {
    expect(daysBetween('2026-11-27', '2026-11-28')).toBe(1);
    expect(daysBetween('2026-11-28', '2026-11-21')).toBe(-7);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-11-28', '2026-11-28')).toBe(0);
  });

  it('lists every day of a range, both ends included, and nothing for a reversed one', () => {
    expect(dayRange('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(dayRange('2026-11-29', '2026-11-29')).toEqual(['2026-11-29']);
    expect(dayRange('2026-11-29', '2026-11-28')).toEqual([]);
  });

  it('ends a range at 9999-12-31, whose next day sorts before it as text', () => {
    expect(dayRange('9999-12-30', '9999-12-31')).toEqual(['9999-12-30', '9999-12-31']);
  });

  it('has 86,400,000 ms in a day', () => {
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000);
  });
});

describe('day names', () => {
  it.each([
    ['2026-11-27', 'Fri'],
    ['2026-11-29', 'Sun'],
    ['2026-11-30', 'Mon'],
    ['2024-02-29', 'Thu'],
  ])('%s is a %s', (day, name) => {
    expect(weekday(day)).toBe(name);
  });

  it('writes a day with its weekday, in full or short', () => {
    expect(dated('2026-11-27')).toBe('Fri 2026-11-27');
    expect(datedShort('2026-11-23')).toBe('Mon 11-23');
  });
});

describe('isCalendarMonth', () => {
  it.each([
    ['2026-01', true],
    ['2026-12', true],
    ['2026-00', false],
    ['2026-13', false],
    ['2026-1', false],
    ['2026-11-28', false],
    [' 2026-11', false],
  ])('%j → %s', (text, ok) => {
    expect(isCalendarMonth(text)).toBe(ok);
  });
});

describe('monthOf', () => {
  it('is the YYYY-MM of a day', () => {
    expect(monthOf('2026-11-28')).toBe('2026-11');
    expect(monthOf('2024-02-29')).toBe('2024-02');
  });
});

describe('dayNumber', () => {
  it('counts whole days since 1970-01-01, one apart for days one apart', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2026-11-28') - dayNumber('2026-10-29')).toBe(30);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
  });
});
