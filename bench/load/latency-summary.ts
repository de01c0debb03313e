/** Percentiles of a latency series, the way every pagewatch bench reports them (nearest rank). */

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The nearest-rank percentile `p` (0–100) of an ascending array; 0 for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** p50 / p95 / p99 / max of `values` (any order; the array is not changed). */
export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const asArray = Array.from(sorted);
  return {
    count: asArray.length,
    p50: percentile(asArray, 50),
    p95: percentile(asArray, 95),
    p99: percentile(asArray, 99),
    max: asArray.at(-1) ?? 0,
  };
}

/** Node's event-loop delay histograms record whole sampling intervals: the delay that matters is what lies beyond. */
export function delayBeyondSamplingMs(delayMs: number, samplingMs = 10): number {
  return Math.max(0, Math.round((delayMs - samplingMs) * 10) / 10);
}
