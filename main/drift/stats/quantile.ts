/**
 * The q-quantile of an ascending array with linear interpolation, bit-for-bit numpy's default
 * method: index (n − 1)·q, and the lerp taken from the nearer end.
 */
export function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const index = (n - 1) * q;
  const below = Math.floor(index);
  const above = Math.min(below + 1, n - 1);
  const t = index - below;
  const a = sorted[below]!;
  const b = sorted[above]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
