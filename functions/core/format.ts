/** Numbers and words for people: one home for thousands separators, percentages and plurals. */

/** `1 app`, `2 apps`, `1 anomaly`, `3 anomalies` (give `many` when it is not `one` + "s"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `1234567n` → `1,234,567`: exact digits whatever the size (a number is rounded first). */
export function groupDigits(value: bigint | number): string {
  const text = typeof value === 'bigint' ? value.toString() : String(Math.round(value));
  return text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A ratio as a percentage, `97.2 %`; just under 100 % with two decimals, and never rounded up to
 * 100 (`99.99 %`, not `100.00 %`), because near 100 a tenth hides failures.
 */
export function percentOfRatio(ratio: number): string {
  return ratio >= 0.995 && ratio < 1
    ? `${Math.min(ratio * 100, 99.99).toFixed(2)} %`
    : `${(ratio * 100).toFixed(1)} %`;
}

/** Width of `text` in characters (code points), as a terminal counts most of them. */
const width = (text: string) => [...text].length;

/**
 * Lays `parts` out greedily as lines of at most `columns` characters, joined by `joiner`; a line
 * that breaks keeps the joiner's visible mark at its end (` ·`), and the next line starts with
 * `continuation`. A part longer than a line is not cut (a path must stay whole to be copied).
 */
export function wrapParts(
  parts: readonly string[],
  joiner: string,
  columns: number,
  continuation = '',
): string[] {
  const lines: string[] = [];
  const mark = joiner.trimEnd();
  let line: string | undefined;
  for (const [i, part] of parts.entries()) {
    // Room for the mark too, unless this is the last part (no line break can follow it).
    const tail = i === parts.length - 1 ? '' : mark;
    if (line === undefined) line = part;
    else if (width(line + joiner + part + tail) <= columns) line += joiner + part;
    else {
      lines.push((line + joiner).trimEnd());
      line = continuation + part;
    }
  }
  if (line !== undefined) lines.push(line);
  return lines;
}

/** A sentence as lines of at most `columns` characters, broken between words. */
export function wrapWords(text: string, columns: number, continuation = ''): string[] {
  return wrapParts(text.split(' '), ' ', columns, continuation);
}
