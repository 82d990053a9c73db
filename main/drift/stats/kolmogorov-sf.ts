/**
 * Survival function of the one-sample two-sided KS statistic Dₙ (scipy's `kstwo.sf(x, n)`), the
 * asymptotic two-sample p-value. Picks the evaluator by region as Simard and L'Ecuyer (2011)
 * recommend and scipy does: Ruben–Gambino at the extremes, Durbin's matrix or Pomeranz for small
 * n·x², twice the one-sided Smirnov tail where that is accurate, Pelz–Good otherwise.
 */
import { durbinMatrixCdf } from './durbin-matrix-cdf';
import { pelzGoodCdf } from './pelz-good-cdf';
import { pomeranzCdf } from './pomeranz-cdf';
import { smirnovSf } from './smirnov-sf';
import { halfLogTwoPi, stirlingError } from './stirling';

export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));

  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}

/** log(n!/nⁿ), from the error of Stirling's formula. */
function logFactorialOverPower(n: number): number {
  return stirlingError(n) + Math.log(n) / 2 - n + halfLogTwoPi;
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}
