import { CompensatedSum } from './compensated-sum';

/**
 * Wasserstein-1 distance between two samples given ascending: the area between their ECDFs,
 * as scipy's `wasserstein_distance(u, v)` (equal weights).
 */
export function wasserstein(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  const area = new CompensatedSum();
  let i = 0;
  let j = 0;
  let previous = Math.min(a[0]!, b[0]!);
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || a[i]! <= b[j]!) ? a[i]! : b[j]!;
    area.add(Math.abs(i / n1 - j / n2) * (v - previous));
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    previous = v;
  }
  return area.value;
}

/** The distance in units of the reference's population standard deviation (at least 0.001). */
export function normedWasserstein(distance: number, referenceStd: number): number {
  return distance / Math.max(referenceStd, 0.001);
}
