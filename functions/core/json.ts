/** Small facts about parsed JSON that every reader of outside documents needs. */

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
