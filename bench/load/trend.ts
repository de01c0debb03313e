/** The shape of a series sampled over time (RSS, database size): where it started, ended, and its slope. */

export interface TrendPoint {
  /** Time since the start of the series, ms. */
  atMs: number;
  value: number;
}

export interface Trend {
  first: number;
  min: number;
  max: number;
  last: number;
  /** Least-squares slope over all points, per 10 minutes. */
  slopePer10Min: number;
  /** The same over the second half of the time only: growth that is not warm-up. */
  secondHalfSlopePer10Min: number;
}

const TEN_MINUTES_MS = 600_000;

/** Least-squares slope of `points`, value per ms; 0 with fewer than two distinct times. */
export function slope(points: readonly TrendPoint[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, point) => sum + point.atMs, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.value, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.atMs - meanX) * (point.value - meanY);
    variance += (point.atMs - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}

export function trendOf(points: readonly TrendPoint[]): Trend {
  const values = points.map((point) => point.value);
  const end = points.at(-1)?.atMs ?? 0;
  return {
    first: values[0] ?? 0,
    min: values.length ? Math.min(...values) : 0,
    max: values.length ? Math.max(...values) : 0,
    last: values.at(-1) ?? 0,
    slopePer10Min: slope(points) * TEN_MINUTES_MS,
    secondHalfSlopePer10Min: slope(points.filter((point) => point.atMs >= end / 2)) * TEN_MINUTES_MS,
  };
}
