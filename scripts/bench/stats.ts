/**
 * The `p`th percentile (0 < p <= 100) of `values` by the nearest-rank method: the smallest
 * value with at least p% of the values at or below it. Always one of the values; undefined
 * for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The middle value (the mean of the two middle values for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Latency percentiles in milliseconds, rounded to 0.01 ms; undefined when nothing was measured. */
export function summarizeLatencies(ms: readonly number[]): LatencySummary | undefined {
  if (ms.length === 0) return undefined;
  return {
    p50: round(percentile(ms, 50)!, 2),
    p95: round(percentile(ms, 95)!, 2),
    p99: round(percentile(ms, 99)!, 2),
    mean: round(mean(ms)!, 2),
    max: round(ms.reduce((m, v) => Math.max(m, v), -Infinity), 2),
  };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
