/**
 * The error of Stirling's formula, log Γ(x + 1) − (x + ½) log x + x − ½ log 2π, which log-gamma and
 * the binomial probabilities are built on.
 */
export const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

/** log k! − (k + ½) log k + k − ½ log 2π for k = 1…9, from 40-digit arithmetic. */
const smallStirlingErrors = [
  0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733,
];

/** For a whole x ≥ 1 or any x ≥ 10; from 10 up Stirling's series, whose first term left out is below 1e-16 of it. */
export function stirlingError(x: number): number {
  if (x < 10) return smallStirlingErrors[x - 1]!;
  const inv = 1 / x;
  const inv2 = inv * inv;
  return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360 - inv2 / 156))))));
}
