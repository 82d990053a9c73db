import { quickselect } from 'simple-statistics';

/** √(π/2) × the mean absolute deviation estimates the standard deviation of normal data, and stays above 0 when most values are equal. */
const meanAbsToSigma = 1.2533;
/** The 95th percentile of |x| for normal data, in standard deviations. */
const q95ToSigma = 1.96;

export interface Baseline {
  median: number;
  /** A robust standard deviation, never 0. */
  scale: number;
}

/**
 * Median and robust scale of `values[0..n)`. The scale is the larger of two estimates of a
 * standard deviation: from the mean absolute deviation around the median (above 0 even when most
 * values are equal; the MAD is not used because it is coarse on integer-valued series) and from
 * the 95th percentile of the deviations (so heavy-tailed noise does not read as a stream of
 * anomalies, while an anomaly must fill 5 % of the window to mask itself). It is floored at
 * `relativeFloor` × `meanMagnitude`, so a flat series with a tiny wobble does not call every small
 * step an anomaly. Linear time (selection, not sorting); `scratch` is reused between calls.
 */
export function robustBaseline(values: Float64Array, n: number, scratch: Float64Array, relativeFloor: number, meanMagnitude: number): Baseline {
  const work = scratch.subarray(0, n);
  work.set(values.subarray(0, n));
  const median = medianInPlace(work);
  let absSum = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(work[i]! - median);
    work[i] = d;
    absSum += d;
  }
  const k95 = Math.min(n - 1, Math.ceil(0.95 * (n - 1)));
  select(work, k95);
  const q95 = work[k95]!;
  const scale = Math.max((meanAbsToSigma * absSum) / n, q95 / q95ToSigma, relativeFloor * meanMagnitude, 1e-9);
  return { median, scale };
}

function select(values: Float64Array, k: number, left = 0): void {
  quickselect(values as unknown as number[], k, left, values.length - 1);
}

/** The median; leaves `values` partitioned around its middle. */
function medianInPlace(values: Float64Array): number {
  const n = values.length;
  const mid = n >> 1;
  select(values, mid);
  if (n % 2) return values[mid]!;
  let below = -Infinity;
  for (let i = 0; i < mid; i++) if (values[i]! > below) below = values[i]!;
  return (below + values[mid]!) / 2;
}
