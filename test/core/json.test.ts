import { describe, expect, it } from 'vitest';
import { isObject, jsonSyntaxProblem, terminalJson } from '../../functions/core/json.js';

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

describe('jsonSyntaxProblem', () => {
  it('finds nothing wrong in valid JSON', () => {
    expect(jsonSyntaxProblem('{"a": [1, 2, {"b": null}]}')).toBeUndefined();
  });

  it.each([
    ['', 1, 1, 'a value was expected'],
    ['{"a": 1,\n}', 2, 1, 'a field name in double quotes was expected (a comma before "}"?)'],
    ['{"a" 1}', 1, 6, '":" was expected after a field name'],
    ['[1, 2', 1, 6, '"]" was expected'],
    ['{"a": 1} {', 1, 10, 'text follows the end of the JSON document'],
    ['{\n  "名前": "値",\n  "b": x\n}', 3, 8, 'unexpected text'],
  ])('says where %j goes wrong: line %i, column %i', (text, line, column, problem) => {
    const found = jsonSyntaxProblem(text);
    expect(found).toMatchObject({ line, column });
    expect(found?.problem.startsWith(problem)).toBe(true);
  });

  it('counts columns in characters, not UTF-16 units', () => {
    // x is the 8th character (and the 10th UTF-16 unit).
    expect(jsonSyntaxProblem('{"🎉🎉": x}')).toMatchObject({ line: 1, column: 8 });
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
