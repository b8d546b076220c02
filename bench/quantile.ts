/**
 * The q-quantile (0 ≤ q ≤ 1) of numbers sorted in ascending order: the value at index ⌊q·n⌋, the last one
 * for q = 1; NaN for an empty list. The one definition of the benchmarks' medians and tails.
 */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
