import { describe, expect, it } from 'vitest';
import { isObject } from '../../functions/core/json.js';

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
