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

/** The walk's running state; one object per call, kept in registers once the loops are optimised. */
interface Walk {
  /** Integer gap i·step1 − j·step2 after the values taken so far. */
  gap: number;
  maxGap: number;
  maxI: number;
  maxJ: number;
  minGap: number;
  minI: number;
  minJ: number;
  /** The area in units of 1/lcm (or plain units, see `unit`), as a Neumaier compensated sum. */
  area: number;
  compensation: number;
  /** The last value taken. */
  previous: number;
}

/** Both heads of the merge; indexing it by the comparison picks the smaller without a branch. */
const heads = new Float64Array(2);

export function ecdfDistances(a: Float64Array, b: Float64Array): EcdfDistances {
  const n1 = a.length;
  const n2 = b.length;
  const g = gcd(n1, n2);
  const step1 = n2 / g;
  const step2 = n1 / g;
  // Where lcm times the range of the values could overflow (values near the largest double), the
  // area is summed in plain units instead: |gap| / lcm is the ECDFs' difference.
  const lcm = step2 * n2;
  const range = Math.max(a[n1 - 1]!, b[n2 - 1]!) - Math.min(a[0]!, b[0]!);
  const unit = range * lcm < 1e300 ? 1 : 1 / lcm;
  const walk: Walk = { gap: 0, maxGap: 0, maxI: 0, maxJ: 0, minGap: 0, minI: 0, minJ: 0, area: 0, compensation: 0, previous: Math.min(a[0]!, b[0]!) };
  const [i, j] = mergeBoth(a, b, step1, step2, unit, walk);
  if (i < n1) takeRest(a, i, j, true, step1, unit, walk);
  else takeRest(b, j, i, false, -step2, unit, walk);
  const useMin = -walk.minGap > walk.maxGap;
  const diff = useMin ? walk.minI / n1 - walk.minJ / n2 : walk.maxI / n1 - walk.maxJ / n2;
  const area = walk.area + walk.compensation;
  return {
    d: useMin ? Math.min(Math.max(-diff, 0), 1) : diff,
    h: useMin ? -walk.minGap : walk.maxGap,
    lcm,
    area: unit === 1 ? area / lcm : area,
  };
}

// One value is taken per step, the smaller head (a's on a tie). Within a run of equal values the
// pieces of area are 0, and the gap is compared with the extremes only when the value changes, that
// is once every tie on both sides has been taken. The side taken is a 0 or 1 that moves the indices
// and the gap arithmetically: a branch on it would be mispredicted at every other step of a merge.

/** Walks while both sides have values left; returns where each side stopped. */
function mergeBoth(a: Float64Array, b: Float64Array, step1: number, step2: number, unit: number, walk: Walk): [number, number] {
  const n1 = a.length;
  const n2 = b.length;
  const both = step1 + step2;
  let { gap, maxGap, maxI, maxJ, minGap, minI, minJ, area, compensation, previous } = walk;
  let i = 0;
  let j = 0;
  while (i < n1 && j < n2) {
    const x = a[i]!;
    const y = b[j]!;
    const takeA = +(x <= y);
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
  Object.assign(walk, { gap, maxGap, maxI, maxJ, minGap, minI, minJ, area, compensation, previous });
  return [i, j];
}

/** Walks the rest of one side (`isA`: it is a) from `from`; the other side stays at `other`. */
function takeRest(rest: Float64Array, from: number, other: number, isA: boolean, step: number, unit: number, walk: Walk): void {
  let { gap, maxGap, maxI, maxJ, minGap, minI, minJ, area, compensation, previous } = walk;
  for (let r = from; r < rest.length; r++) {
    const v = rest[r]!;
    if (v !== previous) {
      if (gap > maxGap) {
        maxGap = gap;
        maxI = isA ? r : other;
        maxJ = isA ? other : r;
      } else if (gap < minGap) {
        minGap = gap;
        minI = isA ? r : other;
        minJ = isA ? other : r;
      }
    }
    const piece = Math.abs(gap) * unit * (v - previous);
    const next = area + piece;
    compensation += Math.abs(area) >= Math.abs(piece) ? area - next + piece : piece - next + area;
    area = next;
    previous = v;
    gap += step;
  }
  // The last gap is 0 (every value of both sides taken), never a new extreme.
  Object.assign(walk, { gap, maxGap, maxI, maxJ, minGap, minI, minJ, area, compensation, previous });
}
