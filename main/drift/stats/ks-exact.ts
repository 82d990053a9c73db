/**
 * Exact two-sided p-value of the two-sample KS test: the share of the C(n1+n2, n1) equally likely
 * merge orders whose ECDF gap reaches h/lcm somewhere.
 *
 * Equal sizes use the reflection series (O(n)). p-values that are not small (countedFrom) are
 * 1 − the share of merge orders that stay inside, counted over half the lattice (ks-inside-paths.ts).
 * Otherwise a forward pass over the lattice carries
 * the probability of each partial merge order (draws without replacement, so every value stays in
 * [0, 1] and nothing overflows); mass that steps onto the boundary is the p-value, summed directly
 * so it keeps its relative precision however small it is. Cells whose mass is below a threshold
 * are dropped and their mass is added up: the mass concentrates within a few standard deviations
 * (≈ √n cells) of the diagonal, so the work is O(n1 · band) instead of O(n1 · n2).
 *
 * The dropped mass bounds the error (every bit of it would have ended either outside or inside),
 * so the threshold is chosen from the p-value's expected size (1e-40 for all but far-tail p-values,
 * which keeps the usual case as fast as ever) and lowered until the dropped mass is below 1e-12 of
 * the result. Guarantee: relative error under 1e-9 down to p = 1e-280; below that, where doubles
 * run out of room (the smallest normal double is 2.2e-308), an absolute error under 1e-290.
 */
import { gcd } from './ecdf-distances';
import { ceilDiv, floorDiv, insideShare } from './ks-inside-paths';

const usualThreshold = 1e-40;
/**
 * The smallest p-value taken as 1 − the counted inside share. Its rounding grows with the number of
 * diagonals walked, about (n1 + n2) · 2⁻⁵³ absolute, and 1 − share turns that into a relative error
 * of that over p: from this floor up it stays under 1e-9 with a margin of ten.
 */
function countedFrom(n1: number, n2: number): number {
  return Math.max(1e-3, 1e-6 * (n1 + n2));
}
const floorThreshold = 1e-300;

export function ksExactPValue(n1: number, n2: number, h: number): number {
  if (h <= 0) return 1;
  if (n1 === n2) return clampProbability(outsideSquare(n1, h));
  const estimate = tailEstimate(n1, n2, h);
  const countedFloor = countedFrom(n1, n2);
  if (estimate >= countedFloor) {
    const p = 1 - insideShare(n1, n2, h);
    if (p >= countedFloor) return clampProbability(p);
  }
  let threshold = Math.min(usualThreshold, Math.max(floorThreshold, estimate * 1e-24));
  for (;;) {
    const { outside, dropped } = outsideBand(n1, n2, h, threshold);
    if (dropped <= outside * 1e-12 || threshold === floorThreshold) return clampProbability(outside);
    const next = outside > 0 ? outside * 1e-24 : threshold * 1e-60;
    threshold = Math.max(floorThreshold, Math.min(threshold * 1e-20, next));
  }
}

/** 2·exp(−2·D²·n1·n2/(n1+n2)), the limit distribution's leading term: only the order of magnitude matters. */
function tailEstimate(n1: number, n2: number, h: number): number {
  const d = h / ((n1 / gcd(n1, n2)) * n2);
  return 2 * Math.exp((-2 * d * d * n1 * n2) / (n1 + n2));
}

function clampProbability(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** P(D ≥ h/n) for n = n1 = n2: 2·Σ (−1)^(k+1) C(2n, n−kh)/C(2n, n), nested so no term cancels. */
function outsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1; // C(2n, n − (k+1)h) / C(2n, n − kh) … built one factor at a time
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

interface BandPass {
  /** Mass that reached the boundary: the p-value, less what the dropped cells would have added. */
  outside: number;
  /** Total mass of the dropped cells: an upper bound on the error of `outside`. */
  dropped: number;
}

export function outsideBand(n1: number, n2: number, h: number, negligible: number): BandPass {
  const g = gcd(n1, n2);
  const step1 = n2 / g; // the gap grows by this when a value of sample 1 comes next
  const step2 = n1 / g; // and shrinks by this for sample 2
  const total = n1 + n2;
  // Row i holds j = 0..n2; inside means |i·step1 − j·step2| < h.
  const low = (i: number) => Math.max(0, floorDiv(i * step1 - h, step2) + 1);
  const high = (i: number) => Math.min(n2, ceilDiv(i * step1 + h, step2) - 1);

  // p[j]: probability of reaching (i, j) without touching the boundary. Both ways into a cell share
  // the denominator N − i − j + 1, so each row is updated in place with one division per cell.
  const p = new Float64Array(n2 + 1);
  let outside = 0;
  let dropped = 0;
  let first = 0; // cells outside [first, last] hold no mass worth carrying
  let last = 0;

  // Row 0: only steps of sample 2.
  p[0] = 1;
  const hi0 = high(0);
  for (let j = 1; j <= hi0; j++) {
    p[j] = (p[j - 1]! * (n2 - j + 1)) / (total - j + 1);
    last = j;
    if (p[j]! < negligible) {
      dropped += p[j]!; // every later cell of the row is reached only through this one
      p[j] = 0;
      last = j - 1;
      break;
    }
  }
  if (last === hi0 && hi0 < n2) outside += (p[hi0]! * (n2 - hi0)) / (total - hi0);

  for (let i = 1; i <= n1; i++) {
    const lo = low(i);
    const hi = high(i);
    const down = n1 - i + 1;
    // Arrivals from above below the band crossed the boundary.
    for (let j = first; j < lo && j <= last; j++) {
      outside += (p[j]! * down) / (total - i - j + 1);
      p[j] = 0;
    }
    let from = Math.max(first, lo);
    let carry = 0; // mass of (i, j − 1), flowing right
    let j = from;
    let newLast = -1;
    for (; j <= hi; j++) {
      // Only `carry` links one cell to the next: keep the division and the vertical term off that
      // chain so consecutive cells overlap in the pipeline.
      const inverse = 1 / (total - i - j + 1);
      const value = p[j]! * down * inverse + carry * ((n2 - j + 1) * inverse);
      if (value < negligible) {
        p[j] = 0;
        carry = 0;
        dropped += value;
        if (j > last) break; // past the mass of the row above: what follows flows only from this cell
        if (newLast < 0) from = j + 1; // trim the negligible left tail
        continue;
      }
      p[j] = value;
      carry = value;
      newLast = j;
    }
    if (newLast < 0) return { outside: Math.min(1, outside), dropped }; // all the mass has left the band
    if (j > hi && carry > 0 && hi < n2) outside += (carry * (n2 - hi)) / (total - i - hi);
    for (let k = newLast + 1; k <= last; k++) p[k] = 0;
    first = from;
    last = newLast;
  }
  return { outside, dropped };
}
