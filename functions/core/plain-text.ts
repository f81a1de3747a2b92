/**
 * Text from outside (the API, a secret) made safe to show as one line in a terminal, a log
 * message or a plain-text e-mail: it cannot break the line, move the cursor or reorder the text.
 */

// C0/C1 controls (ANSI escapes start with ESC), line and paragraph separators, and the bidi
// embedding, override and isolate characters of "Trojan Source" (CVE-2021-42574).
const UNSAFE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** A value from outside as one safe line: controls replaced, at most `max` characters. */
export function plainText(value: string | null | undefined, max = 60): string {
  if (value === null || value === undefined) return '';
  const clean = value.trim().replace(UNSAFE, '\uFFFD');
  const chars = [...clean];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}
