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
