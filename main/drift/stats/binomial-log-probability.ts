/**
 * log P(K = k) for K ~ Binomial(n, p), in Loader's saddle-point form (Loader, "Fast and accurate
 * computation of binomial probabilities", 2000): Stirling's corrections and two deviances, small
 * numbers, where the plain sum log C(n, k) + k log p + (n − k) log q adds and cancels terms of up to
 * hundreds of thousands and leaves their rounding in the result.
 */
import { halfLogTwoPi, stirlingError } from './stirling';

/**
 * k log(k / m) + m − k, the deviance of a count k from the mean m = k + shift. The shift is passed
 * rather than m: when m ≈ k, m − k computed from a rounded m would keep only its last few digits.
 */
export function deviance(k: number, shift: number): number {
  if (Math.abs(shift) >= 0.1 * (2 * k + shift)) return shift - k * Math.log1p(shift / k);
  // With v = (k − m)/(k + m): log(k/m) = 2 (v + v³/3 + v⁵/5 + …), so the deviance is
  // (k − m) v + 2k (v³/3 + v⁵/5 + …), each term under a hundredth of the one before (|v| < 0.1).
  const v = -shift / (2 * k + shift);
  const v2 = v * v;
  let sum = -shift * v;
  let power = 2 * k * v;
  // Twenty terms shrink by 1e-40 at least; the bound also ends the loop for a NaN shift.
  for (let i = 1; i <= 20; i++) {
    power *= v2;
    const next = sum + power / (2 * i + 1);
    if (next === sum) break;
    sum = next;
  }
  return sum;
}

/** log P(K = k), 0 < k < n, for K ~ Binomial(n, p) with n·p = k + shift. */
export function logBinomialProbability(k: number, n: number, shift: number): number {
  return (
    stirlingError(n) -
    stirlingError(k) -
    stirlingError(n - k) -
    deviance(k, shift) -
    deviance(n - k, -shift) -
    halfLogTwoPi -
    0.5 * Math.log(k * (1 - k / n))
  );
}
