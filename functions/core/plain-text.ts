/**
 * Text from outside (the API, a secret, a server's error page) made safe to show as one line in a
 * terminal, a log message or a plain-text e-mail: it cannot clear the screen, set the window
 * title, break the line to forge another, or reorder the text around it. One sanitizer for every
 * such text, wherever it is shown.
 */

/**
 * Terminal control sequences (ECMA-48), removed whole so that no half of one is left to read:
 * OSC, DCS, SOS, PM and APC strings up to their terminator (BEL or ST), CSI sequences
 * (`ESC [ 2 J`, `ESC [ 31 m`), and the two-character escapes (`ESC c`), in 7-bit and 8-bit form.
 */
const CONTROL_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b[ -/]*[0-~]/g;

/**
 * Line breaks of every kind, and tabs, with the spaces around them: each becomes one space, so the
 * text stays one line and cannot indent a forged line under the real ones.
 */
const BREAKS = /\s*[\t\n\v\f\r\u0085\u2028\u2029]\s*/g;

// Every other control, and the bidi embedding, override, isolate and mark characters of "Trojan
// Source" (CVE-2021-42574), which would reorder what is shown after them.
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** A value from outside as one safe line: sequences removed, controls replaced, at most `max` characters. */
export function plainText(value: string | null | undefined, max = 60): string {
  if (value === null || value === undefined) return '';
  const clean = value
    .replace(CONTROL_SEQUENCE, '')
    .replace(BREAKS, ' ')
    .trim()
    .replace(UNSAFE, '\uFFFD');
  const chars = [...clean];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}

/** How long a message from outside may be where it is shown (an ErrorInfo, an error page). */
export const MESSAGE_MAX = 300;
