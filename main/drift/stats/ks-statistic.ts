/**
 * The two-sided two-sample Kolmogorov–Smirnov statistic from two ascending arrays.
 *
 * Walks both arrays once, stepping over tied values together (as `searchsorted(side='right')`
 * does), and keeps the largest gap between the two ECDFs as an exact integer:
 * `gap = i·(n2/g) − j·(n1/g)`, so `D = |gap| / lcm(n1, n2)` with no rounding until the end.
 */
export interface KsStatistic {
  /** max |F1 − F2|, computed as scipy does: i/n1 − j/n2 at the extreme. */
  d: number;
  /** The same maximum as an integer multiple of 1/lcm(n1, n2). */
  h: number;
  lcm: number;
}

export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export function ksStatistic(a: Float64Array, b: Float64Array): KsStatistic {
  const n1 = a.length;
  const n2 = b.length;
  const g = gcd(n1, n2);
  const step1 = n2 / g;
  const step2 = n1 / g;
  let i = 0;
  let j = 0;
  let maxGap = 0;
  let minGap = 0;
  let maxAt = [0, 0];
  let minAt = [0, 0];
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    const gap = i * step1 - j * step2;
    if (gap > maxGap) {
      maxGap = gap;
      maxAt = [i, j];
    } else if (gap < minGap) {
      minGap = gap;
      minAt = [i, j];
    }
  }
  const useMin = -minGap > maxGap;
  const [ii, jj] = useMin ? minAt : maxAt;
  const diff = ii! / n1 - jj! / n2;
  return { d: useMin ? Math.min(Math.max(-diff, 0), 1) : diff, h: useMin ? -minGap : maxGap, lcm: step2 * n2 };
}
