import { describe, expect, it } from 'vitest';
import { isObject, terminalJson } from '../../functions/core/json.js';

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

describe('terminalJson', () => {
  it('escapes what a terminal acts on and still reads back as the same value', () => {
    const value = { name: 'a\u001b[2J\u001b]0;t\u0007b\u009b31m\u202ec\u2028d\r\ne', n: 1 };
    const text = terminalJson(value, 2);
    expect(text).toContain('\\u001b[2J');
    expect(text).toContain('\\u009b31m');
    expect(text).toContain('\\u202ec');
    expect(text).toContain('\\u2028d');
    expect(JSON.parse(text)).toEqual(value);
    // Nothing but the newlines of the indentation is a control character.
    expect(text.replaceAll('\n', '')).not.toMatch(
      /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u,
    );
  });
});
