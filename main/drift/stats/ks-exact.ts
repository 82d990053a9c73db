/**
 * Exact two-sided p-value of the two-sample KS test: the share of the C(n1+n2, n1) equally likely
 * merge orders whose ECDF gap reaches h/lcm somewhere.
 *
 * Equal sizes use the reflection series (O(n)). Otherwise a forward pass over the lattice carries
 * the probability of each partial merge order (draws without replacement, so every value stays in
 * [0, 1] and nothing overflows); mass that steps onto the boundary is the p-value, summed directly
 * so small p-values keep their relative precision down to ~1e-25. Cells whose mass is below 1e-40
 * are dropped (at most 1e8 cells, so under 1e-32 in all): the mass concentrates within a few
 * standard deviations (≈ √n cells) of the diagonal, so the work is O(n1 · min(band, c·√n2))
 * instead of O(n1 · n2): tens of milliseconds at 10 000 × 10 000, however large the gap.
 */
import { gcd } from './ks-statistic';

const negligible = 1e-40;

export function ksExactPValue(n1: number, n2: number, h: number): number {
  if (h <= 0) return 1;
  const p = n1 === n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, h);
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

function outsideBand(n1: number, n2: number, h: number): number {
  const g = gcd(n1, n2);
  const step1 = n2 / g; // gap grows by this when a value of sample 1 is drawn
  const step2 = n1 / g; // and shrinks by this for sample 2
  const total = n1 + n2;
  // Row i holds j = 0..n2; inside means |i·step1 − j·step2| < h.
  const low = (i: number) => Math.max(0, floorDiv(i * step1 - h, step2) + 1);
  const high = (i: number) => Math.min(n2, ceilDiv(i * step1 + h, step2) - 1);

  let row = new Float64Array(n2 + 1);
  let next = new Float64Array(n2 + 1);
  let outside = 0;
  // Nonzero range of the incoming vertical mass for the current row.
  let from = 0;
  let to = 0;
  row[0] = 1;

  for (let i = 0; i <= n1; i++) {
    const lo = low(i);
    const hi = high(i);
    // Vertical arrivals below the band crossed the boundary.
    for (let j = from; j < Math.min(lo, to + 1); j++) {
      outside += row[j]!;
      row[j] = 0;
    }
    let nextFrom = -1;
    let nextTo = -1;
    let carry = 0;
    const start = Math.max(lo, from);
    let j = start;
    for (; j <= hi; j++) {
      const mass = row[j]! + carry;
      row[j] = 0;
      if (j > to && mass < negligible) break;
      const remaining = total - i - j;
      if (remaining === 0) {
        next[j] = mass; // the end of the walk, (n1, n2)
        nextFrom = nextTo = j;
        break;
      }
      carry = (mass * (n2 - j)) / remaining;
      if (i < n1) {
        const down = (mass * (n1 - i)) / remaining;
        if (down >= negligible) {
          next[j] = down;
          if (nextFrom < 0) nextFrom = j;
          nextTo = j;
        }
      }
    }
    if (j > hi && carry > 0 && hi < n2) outside += carry; // stepped right over the upper boundary
    for (let k = j; k <= to; k++) row[k] = 0;
    [row, next] = [next, row];
    if (nextFrom < 0) break;
    from = nextFrom;
    to = nextTo;
  }
  return outside;
}

function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

function ceilDiv(a: number, b: number): number {
  return -floorDiv(-a, b);
}
