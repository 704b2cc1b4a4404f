// One definition of a percentile for every benchmark, so a p99 printed by one bench means the
// same as a p99 printed by another.

/** An ascending copy (Array#sort without a comparator would order numbers as strings). */
export function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * The nearest-rank percentile of ascending samples: the smallest sample that at least `p`
 * percent of the samples are at or below. NaN when there are no samples.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not within 0..100`);
  if (sorted.length === 0) return Number.NaN;
  // p * n first: (7 / 100) * 100 is 7.000000000000001 in floating point, which would round up.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1] as number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Count, p50, p99 and max of samples in any order (NaN for each figure when there are none). */
export function summarize(values: readonly number[]): LatencySummary {
  const sorted = sortAscending(values);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : (sorted.at(-1) as number),
  };
}
