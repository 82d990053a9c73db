import { median } from 'simple-statistics';

export interface Line {
  slope: number;
  /** The line's value at x = 0. */
  intercept: number;
}

/**
 * Theil–Sen regression: the median of the slopes between every pair of points, and the median
 * intercept under that slope. Up to 29 % of the points can be wild (a big file written and
 * deleted, a cache cleared) without moving the line, where least squares would follow them.
 * Quadratic in the number of points: callers keep it to a few hundred.
 */
export function theilSen(xs: ArrayLike<number>, ys: ArrayLike<number>): Line | null {
  const n = Math.min(xs.length, ys.length);
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j]! - xs[i]!;
      if (dx !== 0) slopes.push((ys[j]! - ys[i]!) / dx);
    }
  }
  if (slopes.length === 0) return null;
  const slope = median(slopes);
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) offsets.push(ys[i]! - slope * xs[i]!);
  return { slope, intercept: median(offsets) };
}
