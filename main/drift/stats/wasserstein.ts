import { ecdfDistances } from './ecdf-distances';

/**
 * Wasserstein-1 distance between two samples given ascending: the area between their ECDFs,
 * as scipy's `wasserstein_distance(u, v)` (equal weights).
 */
export function wasserstein(a: Float64Array, b: Float64Array): number {
  return ecdfDistances(a, b).area;
}

/** The distance in units of the reference's population standard deviation (at least 0.001). */
export function normedWasserstein(distance: number, referenceStd: number): number {
  return distance / Math.max(referenceStd, 0.001);
}
