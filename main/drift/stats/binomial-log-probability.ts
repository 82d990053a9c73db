/**
 * log P(K = k) for K ~ Binomial(n, p), in Loader's saddle-point form (Loader, "Fast and accurate
 * computation of binomial probabilities", 2000): Stirling's corrections and two deviances, small
 * numbers, where the plain sum log C(n, k) + k log p + (n − k) log q adds and cancels terms of up to
 * hundreds of thousands and leaves their rounding in the result.
 */

/** log k! − (k + ½) log k + k − ½ log 2π for k = 1…15, from 40-digit arithmetic. */
const smallStirlingErrors = [
  0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
  0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
];

/** log k! − (k + ½) log k + k − ½ log 2π, for a whole k ≥ 1: the error of Stirling's formula. */
export function stirlingError(k: number): number {
  if (k <= 15) return smallStirlingErrors[k - 1]!;
  // Stirling's series; from k = 16 the first term left out is about 1e-16 or less.
  const r = 1 / (k * k);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r / 1188)))) / k;
}

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

const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

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
