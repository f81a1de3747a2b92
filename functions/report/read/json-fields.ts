/**
 * Splits one JSON object into its top-level keys and the source text of each value, so that a
 * caller can read integers digit for digit: `JSON.parse` rounds past 2^53, and on Node 20 a
 * reviver cannot see the source text. Nested values are only delimited here; the caller parses
 * them (with `JSON.parse`, which checks them).
 */

/** The text is not one JSON object; `offset` is where reading stopped. */
export class JsonFieldsError extends Error {
  override name = 'JsonFieldsError';
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at character ${offset + 1}`);
    this.offset = offset;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string that starts at `at` (which holds a quote). */
function endOfString(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    // Jump from quote to quote (native search); a quote is the end unless it is escaped.
    const quote = text.indexOf('"', i);
    if (quote === -1) throw new JsonFieldsError('unterminated string', at);
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

function parseString(source: string, at: number): string {
  // Column names never need decoding: skip JSON.parse unless there is an escape.
  if (!source.includes('\\')) return source.slice(1, -1);
  try {
    return JSON.parse(source) as string;
  } catch {
    throw new JsonFieldsError('invalid string', at);
  }
}

/** Index just past the value that starts at `at`: a string, an object or array, or a literal. */
function endOfValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return endOfString(text, at);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    const closers: number[] = [];
    for (let i = at; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = endOfString(text, i) - 1;
      else if (c === OPEN_BRACE) closers.push(CLOSE_BRACE);
      else if (c === OPEN_BRACKET) closers.push(CLOSE_BRACKET);
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (closers.pop() !== c) throw new JsonFieldsError('mismatched bracket', i);
        if (closers.length === 0) return i + 1;
      }
    }
    throw new JsonFieldsError('unterminated object or array', at);
  }
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
    i++;
  }
  if (i === at) throw new JsonFieldsError('expected a value', at);
  return i;
}

/**
 * The top-level fields of the JSON object in `text`, each value as its source text
 * (e.g. `"12"` for the number 12, `"\"a\""` for the string "a").
 * @throws JsonFieldsError when `text` is not a single object, naming the position.
 */
export function jsonFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) throw new JsonFieldsError('expected "{"', i);
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) i++;
  else {
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) throw new JsonFieldsError('expected a key', i);
      const keyEnd = endOfString(text, i);
      const key = parseString(text.slice(i, keyEnd), i);
      i = skipSpace(text, keyEnd);
      if (text.charCodeAt(i) !== COLON) throw new JsonFieldsError('expected ":"', i);
      const start = skipSpace(text, i + 1);
      const end = endOfValue(text, start);
      if (fields.has(key)) throw new JsonFieldsError(`duplicate key "${key}"`, start);
      fields.set(key, text.slice(start, end));
      i = skipSpace(text, end);
      const c = text.charCodeAt(i);
      if (c === CLOSE_BRACE) {
        i++;
        break;
      }
      if (c !== COMMA) throw new JsonFieldsError('expected "," or "}"', i);
      i = skipSpace(text, i + 1);
    }
  }
  if (skipSpace(text, i) !== text.length) throw new JsonFieldsError('text after the object', i);
  return fields;
}
