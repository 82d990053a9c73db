/**
 * One walk over two ascending arrays yields both distances between their ECDFs:
 * the largest gap (the KS statistic) and the area between them (Wasserstein-1).
 *
 * Tied values are stepped over together (as `searchsorted(side='right')` does). The gap is kept as
 * an exact integer, `i·(n2/g) − j·(n1/g)`, so D = |gap| / lcm(n1, n2) with no rounding until the end.
 */
export interface EcdfDistances {
  /** max |F1 − F2|, computed as scipy does: i/n1 − j/n2 at the extreme. */
  d: number;
  /** The same maximum as an integer multiple of 1/lcm(n1, n2). */
  h: number;
  lcm: number;
  /** ∫ |F1 − F2|, equal to scipy's `wasserstein_distance`. */
  area: number;
}

export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Both heads of the merge; indexing it by the comparison picks the smaller without a branch. */
const heads = new Float64Array(2);

// One value is taken per step, the smaller head (a's on a tie). Within a run of equal values the
// pieces of area are 0, and the gap is compared with the extremes only when the value changes, that
// is once every tie on both sides has been taken. The side taken is a 0 or 1 that moves the indices
// and the gap arithmetically: a branch on it would be mispredicted at every other step of a merge.
export function ecdfDistances(a: Float64Array, b: Float64Array): EcdfDistances {
  const n1 = a.length;
  const n2 = b.length;
  const g = gcd(n1, n2);
  const step1 = n2 / g;
  const step2 = n1 / g;
  const both = step1 + step2;
  // The area in units of 1/lcm (|gap| is exact), by Neumaier's compensated sum written out. Where
  // lcm times the range of the values could overflow (values near the largest double), in plain
  // units instead: |gap| / lcm is the ECDFs' difference.
  const lcm = step2 * n2;
  const range = Math.max(a[n1 - 1]!, b[n2 - 1]!) - Math.min(a[0]!, b[0]!);
  const unit = range * lcm < 1e300 ? 1 : 1 / lcm;
  let area = 0;
  let compensation = 0;
  let i = 0;
  let j = 0;
  let gap = 0; // i·step1 − j·step2
  let maxGap = 0;
  let minGap = 0;
  let maxI = 0;
  let maxJ = 0;
  let minI = 0;
  let minJ = 0;
  let previous = Math.min(a[0]!, b[0]!);
  for (let k = n1 + n2; k > 0; k--) {
    const x = i < n1 ? a[i]! : Infinity;
    const y = j < n2 ? b[j]! : Infinity;
    const takeA = +(x <= y) & +(i < n1); // a side that has run out reads +∞, and is never taken
    heads[0] = y;
    heads[1] = x;
    const v = heads[takeA]!;
    if (v !== previous) {
      if (gap > maxGap) {
        maxGap = gap;
        maxI = i;
        maxJ = j;
      } else if (gap < minGap) {
        minGap = gap;
        minI = i;
        minJ = j;
      }
    }
    const piece = Math.abs(gap) * unit * (v - previous);
    const next = area + piece;
    compensation += Math.abs(area) >= Math.abs(piece) ? area - next + piece : piece - next + area;
    area = next;
    previous = v;
    i += takeA;
    j += 1 - takeA;
    gap += takeA * both - step2;
  }
  // The last gap is 0 (every value of both sides taken), never a new extreme.
  const useMin = -minGap > maxGap;
  const diff = useMin ? minI / n1 - minJ / n2 : maxI / n1 - maxJ / n2;
  const sum = area + compensation;
  return {
    d: useMin ? Math.min(Math.max(-diff, 0), 1) : diff,
    h: useMin ? -minGap : maxGap,
    lcm,
    area: unit === 1 ? sum / lcm : sum,
  };
}
