/** "Did you mean": the known name closest to a misspelt one. Pure. */

/** Edits (insert, delete, replace, swap two neighbours) from `a` to `b`: optimal string alignment. */
export function editDistance(a: string, b: string): number {
  // Row 0 is j insertions, column 0 is i deletions: i + j is both. Every other cell is written
  // below before it is read.
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => i + j),
  );
  const at = (i: number, j: number) => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      // A swap of the last two characters; in the first row or column a[i - 2] or b[j - 2] is
      // undefined, which equals no character.
      if (a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The name of `known` that `name` most likely meant: the same name in another case, else the
 * nearest within two edits (one for names of four letters or fewer, so that short words do not
 * match anything); undefined when none is that close.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  // Compared in lower case: the same name in another case is 0 edits away, nearer than any other.
  const lower = name.toLowerCase();
  const limit = name.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}
