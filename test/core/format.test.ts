import { describe, expect, it } from 'vitest';
import {
  groupDigits,
  percentOfRatio,
  plural,
  wrapParts,
  wrapWords,
} from '../../functions/core/format.js';

describe('plural', () => {
  it.each([
    [0, 'app', undefined, '0 apps'],
    [1, 'app', undefined, '1 app'],
    [2, 'app', undefined, '2 apps'],
    [1, 'anomaly', 'anomalies', '1 anomaly'],
    [3, 'anomaly', 'anomalies', '3 anomalies'],
  ])('%d %s is %j', (n, one, many, expected) => {
    expect(plural(n, one, many)).toBe(expected);
  });
});

describe('groupDigits', () => {
  it.each([
    [0n, '0'],
    [999n, '999'],
    [1000n, '1,000'],
    [1234567n, '1,234,567'],
    [9223372036854775807n, '9,223,372,036,854,775,807'],
    [3428, '3,428'],
    [3427.5, '3,428'],
    [12.4, '12'],
  ])('%s is %s', (value, expected) => {
    expect(groupDigits(value)).toBe(expected);
  });
});

describe('percentOfRatio', () => {
  it.each([
    [0.972, '97.2 %'],
    [0.7, '70.0 %'],
    [1, '100.0 %'],
    [0.9949, '99.5 %'],
    [0.995, '99.50 %'],
    [0.99999, '99.99 %'],
    [0.999999, '99.99 %'],
    [3, '300.0 %'],
  ])('%s is %s', (ratio, expected) => {
    expect(percentOfRatio(ratio)).toBe(expected);
  });
});

describe('wrapParts', () => {
  it('fills a line up to exactly its width when the last part ends it', () => {
    expect(wrapParts(['aaaa', 'bbbb'], ', ', 10)).toEqual(['aaaa, bbbb']);
  });

  it("leaves room for the joiner's mark at the end of a line that breaks, and starts the next with the continuation", () => {
    // "aaaa, bbbb" fits 10 columns, but not with the "," that a break after it would leave.
    expect(wrapParts(['aaaa', 'bbbb', 'cc'], ', ', 10, '  ')).toEqual(['aaaa,', '  bbbb, cc']);
  });

  it("counts the mark without the joiner's trailing space, which a line ending in it does not keep", () => {
    expect(wrapParts(['aaaa', 'bbb', 'cc'], ', ', 10)).toEqual(['aaaa, bbb,', 'cc']);
  });

  it('starts the next line with the part itself when there is no continuation', () => {
    expect(wrapParts(['aaaa', 'bbbb', 'cc'], ', ', 10)).toEqual(['aaaa,', 'bbbb, cc']);
  });

  it('keeps a part longer than a line whole, on a line of its own', () => {
    expect(wrapParts(['a', 'x'.repeat(12), 'b'], ' · ', 10)).toEqual([
      'a ·',
      `${'x'.repeat(12)} ·`,
      'b',
    ]);
  });

  it('gives no line for no parts', () => {
    expect(wrapParts([], ', ', 10)).toEqual([]);
  });
});

describe('wrapWords', () => {
  it('breaks between words, each line within the width, the next lines as they are', () => {
    expect(wrapWords('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
  });

  it('starts the next lines with the continuation', () => {
    expect(wrapWords('the quick brown fox', 11, '  ')).toEqual(['the quick', '  brown fox']);
  });
});
