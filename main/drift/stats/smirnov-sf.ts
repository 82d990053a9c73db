/**
 * One-sided Smirnov survival function P(D⁺ₙ ≥ x) by the Birnbaum–Tingey sum
 *   x · Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (x + j/n)^(j−1) (1 − x − j/n)^(n−j),
 * every term positive and evaluated in logs so nothing overflows. Same special cases as
 * scipy.special.smirnov, including its closed-form approximation above a million.
 */
import { logBinomialProbability } from './binomial-log-probability';

const minLog = -708.3964185322641;
const maxExactN = 1_000_000;
const skipBlock = 8;

export function smirnovSf(n: number, x: number): number {
  if (!(n > 0) || !(x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  const nxFloor = Math.floor(nx);
  if (nxFloor === 0 || (nxFloor === 1 && nx === 1)) return clip(1 - x * Math.pow(1 + x, n - 1));
  if (-2 * n * x * x < minLog) return 0;
  if (nxFloor >= n - 1) return clip(Math.pow(1 - x, n));
  if (n > maxExactN) {
    const logp = -Math.pow(6 * nx + 1, 2) / 18 / n;
    return clip(logp < -Math.LN2 ? Math.exp(logp) : 1 - -Math.expm1(logp));
  }
  const sampled = smirnovSfSampled(n, x);
  if (sampled !== null) return clip(sampled);
  const last = Math.floor(n - nx);
  // Most of the leading terms are too small to change the sum: from the limit law's estimate of its
  // size (the closed form above), a floor far below it. Leading terms under the floor are skipped a
  // block at a time; if the sum then turns out too small for what was skipped to be negligible
  // (the estimate was off), it is summed again from the first term.
  const floor = -Math.pow(6 * nx + 1, 2) / 18 / n - Math.log(x) - 80;
  const { sum, skipped } = birnbaumTingeySum(n, x, last, floor);
  if (skipped && !(Math.log(sum) >= floor + Math.log(n) + 42)) return clip(x * birnbaumTingeySum(n, x, last, -Infinity).sum);
  return clip(x * sum);
}

/** The two samplings, at every h-th term and offset by h/2, must agree this closely before their union is taken for the sum. */
const samplingAgreement = 1e-12;
/** Sampling stops, on each side of the peak, at a term this far below it: the at most n terms beyond add less than 1e-18 of the sum. */
const negligible = 1e-24;
/**
 * The range may end after a sampled term this far below the peak: the terms between it and the end
 * (fewer than h/2, each smaller, as the terms fall towards the ends) add less than it times h/2,
 * while the sampled sum holds at least the peak's 1 times h/2.
 */
const negligibleAtEnd = 1e-17;

/**
 * The Smirnov sum from a few hundred of its terms, or null where that cannot be vouched for.
 *
 * For large n the terms' logarithm is a smooth function of j with one peak, up to hundreds of
 * thousands of terms wide for n = 500 000, that falls below 1e-17 of the peak inside 0…⌊n(1 − x)⌋
 * (summing term by term took tens of milliseconds). The terms at every h-th j, times h, then
 * approximate the sum (the trapezoidal rule on a smooth function that vanishes at both ends), the
 * closer the finer h. How fast they close in depends on n·x²: the terms hold exp(−n·x²/2pq), smooth
 * on the scale of the peak for the n·x² ≥ 2.2 that kolmogorovSf sends here, much less so below it.
 * So agreement vouches for the result: two samplings at every h-th term, one offset by h/2, must
 * agree within 1e-12, and their union (the sampling at h/2) is the sum. Otherwise h is halved;
 * below h = 8, or where the terms reach an end of the range, the sum is left to the term-by-term
 * loop.
 */
export function smirnovSfSampled(n: number, x: number): number | null {
  const nx = n * x;
  const last = Math.floor(n - nx);
  const logTerm = (j: number) => {
    if (j === 0) return n * Math.log1p(-x) - Math.log(x);
    // The term is P(K = j) / p for K ~ Binomial(n, p), n·p = j + n·x.
    return n - j - nx > 0 ? logBinomialProbability(j, n, nx) - Math.log((j + nx) / n) : -Infinity;
  };
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (logTerm(mid + 1) > logTerm(mid)) lo = mid + 1;
    else hi = mid;
  }
  const peak = lo;
  const top = logTerm(peak);
  // The peak's width from its curvature, over a step well inside it.
  const step = Math.ceil(Math.sqrt(n) / 4);
  if (peak - step < 0 || peak + step > last) return null;
  const width = step / Math.sqrt(2 * top - logTerm(peak - step) - logTerm(peak + step));
  if (!Number.isFinite(width)) return null;
  for (let half = Math.floor(width / 16); half >= 4; half = Math.floor(half / 2)) {
    let even = 0;
    let odd = 0;
    for (const direction of [1, -1]) {
      let previous = 1;
      for (let k = direction === 1 ? 0 : 1; ; k++) {
        const j = peak + direction * k * half;
        if (j < 0 || j > last) {
          if (previous < negligibleAtEnd) break;
          return null;
        }
        const term = Math.exp(logTerm(j) - top);
        if (k % 2 === 0) even += term;
        else odd += term;
        if (term < negligible) break;
        previous = term;
      }
    }
    if (Math.abs(even - odd) <= samplingAgreement * even) return Math.exp(top + Math.log(x * half * (even + odd)));
  }
  return null;
}

/** Terms of the Birnbaum–Tingey sum in order; the leading ones below e^floor are stepped over, `skipped` says whether any were. */
function birnbaumTingeySum(n: number, x: number, last: number, floor: number): { sum: number; skipped: boolean } {
  // log C(n, j) grows to thousands over many terms: a compensated running sum keeps its rounding
  // error near one ulp instead of one ulp per term.
  let logBinomial = 0;
  let logBinomialError = 0;
  const advance = (step: number) => {
    const next = logBinomial + step;
    logBinomialError += Math.abs(logBinomial) >= Math.abs(step) ? logBinomial - next + step : step - next + logBinomial;
    logBinomial = next;
  };
  let j = 0;
  // Before the terms rise to the floor (they rise to one peak, then fall), log C(n, j) advances by
  // the logarithm of a product of skipBlock ratios: one logarithm per block instead of four per term.
  for (;;) {
    const to = j + skipBlock;
    const above = x + to / n;
    if (to > last || above >= 1) break;
    let ratio = 1;
    for (let k = j; k < to; k++) ratio *= (n - k) / (k + 1);
    const step = Math.log(ratio);
    const logTerm = logBinomial + logBinomialError + step + (to - 1) * Math.log(above) + (n - to) * Math.log1p(-above);
    if (!(logTerm < floor)) break;
    advance(step);
    j = to;
  }
  const skipped = j > 0;
  let sum = 0;
  for (; j <= last; j++) {
    const above = x + j / n;
    if (above >= 1) break;
    const logTerm = logBinomial + logBinomialError + (j - 1) * Math.log(above) + (n - j) * Math.log1p(-above);
    const term = Math.exp(logTerm);
    sum += term;
    if (term > 0 && 4 * (last - j) * term < Number.EPSILON * sum) break;
    if (term === 0 && j > n / 2) break;
    advance(Math.log((n - j) / (j + 1)));
  }
  return { sum, skipped };
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}
