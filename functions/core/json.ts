/** Small facts about parsed JSON that every reader of outside documents needs. */
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a JSON text goes wrong and how, in words that quote none of the text. */
export interface JsonSyntaxProblem {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters of that line. */
  readonly column: number;
  readonly problem: string;
}

/** What `printParseErrorCode` names a code. */
type ParseErrorName = ReturnType<typeof printParseErrorCode>;

/**
 * By `printParseErrorCode`'s names (the codes are a const enum, which isolated modules cannot
 * read); the compiler checks that every code has its words.
 */
const PROBLEMS: Readonly<Partial<Record<ParseErrorName, string>>> = {
  ValueExpected: 'a value was expected',
  PropertyNameExpected: 'a field name in double quotes was expected (a comma before "}"?)',
  ColonExpected: '":" was expected after a field name',
  CommaExpected: '"," was expected between two values',
  CloseBraceExpected: '"}" was expected',
  CloseBracketExpected: '"]" was expected',
  EndOfFileExpected: 'text follows the end of the JSON document',
  InvalidSymbol:
    'unexpected text (strings need double quotes; values are strings, numbers, true, false, null, objects or arrays)',
  UnexpectedEndOfString: 'a string is not closed by a double quote',
  InvalidCharacter: 'a string holds a control character (a tab or a line break)',
  InvalidEscapeCharacter: 'a string holds a backslash escape JSON does not know',
  InvalidUnicode: 'a string holds a broken \\u escape',
  InvalidCommentToken: 'a comment (JSON has none)',
  UnexpectedEndOfComment: 'a comment (JSON has none)',
  InvalidNumberFormat: 'a number is not written as JSON writes numbers',
  UnexpectedEndOfNumber: 'a number is cut short',
} satisfies Record<Exclude<ParseErrorName, '<unknown ParseErrorCode>'>, string>;

/**
 * The first syntax error of `text` as JSON (line, column and what was expected), or undefined
 * when the locator finds none. Meant for text `JSON.parse` has rejected: its own messages quote
 * the input, which must not reach a message when the input is a secret.
 */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  const [first] = errors;
  if (first === undefined) return undefined;
  const before = text.slice(0, first.offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    line: before.split('\n').length,
    column: [...before.slice(lineStart)].length + 1,
    // Stryker disable next-line StringLiteral: unreachable (PROBLEMS has every code of this jsonc-parser; the words are for one a later version adds)
    problem: PROBLEMS[printParseErrorCode(first.error)] ?? 'the text is not valid JSON',
  };
}

/**
 * Characters JSON.stringify leaves as they are but a terminal acts on: DEL and the C1 controls
 * (8-bit escapes), the line and paragraph separators, and the bidi controls.
 */
const TERMINAL_ACTIVE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON.stringify for a terminal: the same JSON value, with every character a terminal would act on
 * written as a `\uXXXX` escape (JSON.stringify already escapes the C0 controls, ESC included).
 */
export function terminalJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(
    TERMINAL_ACTIVE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
