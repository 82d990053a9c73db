/**
 * The share of the C(n1+n2, n1) merge orders of two samples whose ECDF gap stays below h/lcm all the
 * way: 1 − the exact two-sided KS p-value. Its absolute error grows like (n1 + n2) · 2⁻⁵³, so it
 * serves p-values that are not small (ks-exact.ts says from where); the tail is summed directly.
 *
 * Paths are counted, each weighted by r^i with r = n1/n2 (i: values of the smaller sample so far),
 * so one step costs a multiplication and an addition, and the weighted counts along a diagonal peak
 * where the paths are (plain counts would peak at i = j, far from them when the sizes differ). The
 * lattice is walked by anti-diagonals (i + j = k), whose cells do not depend on each other, and only
 * half of it: the band is symmetric under turning the lattice half a turn, so the paths from a cell
 * of the middle diagonal to the end are as many as those from the start to its mirror cell, and
 * inside paths = Σ prefix(c) · prefix(mirror(c)) over the middle diagonal. Every path weighs r^n1 in
 * the end, so the share is that sum over C(n1+n2, n1) · r^n1. Weighted counts at most double each
 * step (r ≤ 1), so they are rescaled by a power of two (exact) every so often. Diagonals are made two
 * per sweep (stepTwo): the one in between lives only in registers, which halves the loads, stores
 * and loop steps per cell and leaves every sum as the one-at-a-time walk makes it, bit for bit.
 */
import { gcd } from './ecdf-distances';

const rescaleEvery = 256;
/** After a rescale (largest count ≈ 1), counts below this are dropped: they never become subnormal. */
const negligibleCount = 2 ** -600;

export function insideShare(sizeA: number, sizeB: number, h: number): number {
  // The band and the share are the same for either order of the samples: walk with n1 ≤ n2.
  const n1 = Math.min(sizeA, sizeB);
  const n2 = Math.max(sizeA, sizeB);
  const ratio = n1 / n2;
  const g = gcd(n1, n2);
  const step1 = n2 / g;
  const step2 = n1 / g;
  const width = step1 + step2;
  const total = n1 + n2;
  const middle = Math.floor(total / 2);
  // Cells (i, k − i) of diagonal k inside the lattice and the band |i·step1 − (k − i)·step2| < h,
  // that is k·step2 − h < i·width < k·step2 + h. From one diagonal to the next both bounds move up
  // by step2 / width < 1: they are stepped, in exact integers, rather than divided out.
  let bandLo = floorDiv(-h, width) + 1; // the least i with i·width > k·step2 − h, at k = 0
  let bandHi = ceilDiv(h, width) - 1; // the greatest i with i·width < k·step2 + h
  /** The cells of diagonal d (after the previous one's), as [band.lo, band.hi]; false when there are none. */
  const band = { lo: 0, hi: 0 };
  const cellsOn = (d: number): boolean => {
    const centre = d * step2;
    while (bandLo * width <= centre - h) bandLo++;
    while ((bandHi + 1) * width < centre + h) bandHi++;
    band.lo = Math.max(0, d - n2, bandLo);
    band.hi = Math.min(n1, d, bandHi);
    return band.lo <= band.hi;
  };

  // q[i + 1]: scaled number of inside paths to cell i of the current diagonal; q[0] stays 0.
  const q = new Float64Array(n1 + 2);
  q[1] = 1;
  let exponent = 0; // true counts are q · 2^exponent
  let lo = 0;
  let hi = 0;
  let middleRow: Float64Array | null = null;
  let middleExponent = 0;
  const last = total - middle;
  let k = 0;
  while (k < last) {
    if (!cellsOn(k + 1)) return 0;
    const { lo: lo1, hi: hi1 } = band;
    // One diagonal alone where the one in between must be seen: kept as the middle row, or rescaled.
    if (k + 2 > last || k + 1 === middle || (k + 1) % rescaleEvery === 0) {
      stepOne(q, lo, lo1, hi1, ratio);
      k += 1;
    } else {
      if (!cellsOn(k + 2)) return 0;
      stepTwo(q, lo, lo1, hi1, band.lo, band.hi, ratio);
      k += 2;
    }
    lo = band.lo;
    hi = band.hi;
    if (k % rescaleEvery === 0) exponent += rescale(q, lo, hi);
    if (k === middle) {
      middleRow = q.slice();
      middleExponent = exponent;
    }
  }
  // The mirror of cell i on diagonal `middle` is cell n1 − i on diagonal total − middle.
  let sum = 0;
  for (let i = lo; i <= hi; i++) sum += middleRow![n1 - i + 1]! * q[i + 1]!;
  const paths = weightedPaths(n1, n2, ratio);
  return Math.min(1, timesPowerOfTwo(sum / paths.mantissa, middleExponent + exponent - paths.exponent));
}

/** One diagonal on: the cells [lo, ·] become [newLo, newHi]. Exported, with stepTwo, for the test that compares the two. */
export function stepOne(q: Float64Array, lo: number, newLo: number, newHi: number, ratio: number): void {
  // Downwards, so q[i] is still the previous diagonal's; each cell's old value is read once.
  let above = q[newHi + 1]!;
  let i = newHi;
  for (; i > newLo; i -= 2) {
    const below = q[i]!;
    const further = q[i - 1]!;
    q[i + 1] = ratio * below + above;
    q[i] = ratio * further + below;
    above = further;
  }
  if (i === newLo) q[i + 1] = ratio * q[i]! + above;
  // The band's bounds only move up (by one at most), so cells leave it below only.
  for (let i = lo; i < newLo; i++) q[i + 1] = 0;
}

/**
 * Two diagonals on in one sweep: cells [lo, ·] become [lo1, hi1], then [lo2, hi2] (each bound moves
 * up by 0 or 1 per diagonal). The cells of the diagonal in between are made on the way down and
 * kept in registers, never stored.
 */
export function stepTwo(q: Float64Array, lo: number, lo1: number, hi1: number, lo2: number, hi2: number, ratio: number): void {
  let i = hi2;
  // next: the diagonal in between's cell i; it has none above hi1 (hi2 is hi1 or hi1 + 1).
  let next = 0;
  if (i > hi1) {
    const cell = ratio * q[hi1]! + q[hi1 + 1]!;
    q[i + 1] = ratio * cell;
    next = cell;
    i--;
  } else next = ratio * q[i]! + q[i + 1]!;
  const bottom = Math.max(lo2, lo1 + 1);
  let old = q[i]!; // the old diagonal's cell i − 1
  for (; i > bottom; i -= 2) {
    const older = q[i - 1]!;
    const oldest = q[i - 2]!;
    const cell = ratio * older + old;
    const cellBelow = ratio * oldest + older;
    q[i + 1] = ratio * cell + next;
    q[i] = ratio * cellBelow + cell;
    next = cellBelow;
    old = oldest;
  }
  if (i === bottom) {
    const older = q[i - 1]!;
    const cell = ratio * older + old;
    q[i + 1] = ratio * cell + next;
    next = cell;
    i--;
  }
  if (i === lo2) q[i + 1] = next; // i = lo1: the diagonal in between has nothing below it
  for (let j = lo; j < lo2; j++) q[j + 1] = 0;
}

/** Scales the live cells so the largest is about 1 and drops the negligible ones; returns the exponent taken out. */
function rescale(q: Float64Array, lo: number, hi: number): number {
  let largest = 0;
  for (let i = lo; i <= hi; i++) largest = Math.max(largest, q[i + 1]!);
  if (largest === 0) return 0;
  const shift = Math.floor(Math.log2(largest));
  const factor = 2 ** -shift;
  for (let i = lo; i <= hi; i++) {
    const v = q[i + 1]! * factor;
    q[i + 1] = v < negligibleCount ? 0 : v;
  }
  return shift;
}

/** C(n1+n2, n1) · ratio^n1, the weight of all paths, as mantissa · 2^exponent: n1 factors, two roundings each. */
function weightedPaths(n1: number, n2: number, ratio: number): { mantissa: number; exponent: number } {
  let mantissa = 1;
  let exponent = 0;
  for (let t = 1; t <= n1; t++) {
    mantissa *= ratio * ((n2 + t) / t);
    if (mantissa > 2 ** 500) {
      mantissa *= 2 ** -500;
      exponent += 500;
    }
  }
  return { mantissa, exponent };
}

function timesPowerOfTwo(x: number, power: number): number {
  let result = x;
  let left = power;
  while (left > 1000 && result !== Infinity) {
    result *= 2 ** 1000;
    left -= 1000;
  }
  while (left < -1000 && result !== 0) {
    result *= 2 ** -1000;
    left += 1000;
  }
  return result * 2 ** left;
}

export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

export function ceilDiv(a: number, b: number): number {
  return -floorDiv(-a, b);
}
