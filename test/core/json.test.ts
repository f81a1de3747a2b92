import { describe, expect, it } from 'vitest';
import { isObject, jsonSyntaxProblem } from '../../functions/core/json.js';

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
