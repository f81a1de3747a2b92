/**
 * Reads one JSON text keeping every number's digits: JSON.parse would round a number past 2^53,
 * which is exactly what the fuzz tests must be able to see.
 */

const NUMBER_MARK = '\u0000number:';
/** A JSON string literal, or a JSON number, at any position outside a string. */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** A number as written in the text. */
export interface NumberToken {
  readonly number: string;
}

/** JSON.parse, except that each number becomes `{ number: '<its text>' }`. Text must be JSON. */
export function parseKeepingNumbers(text: string): unknown {
  // Strings are matched first at each position, so digits inside a string stay in the string.
  const marked = text.replace(TOKEN, (token) =>
    token.startsWith('"') ? token : JSON.stringify(`${NUMBER_MARK}${token}`),
  );
  return JSON.parse(marked, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(NUMBER_MARK)
      ? ({ number: value.slice(NUMBER_MARK.length) } satisfies NumberToken)
      : value,
  );
}
