import { describe, expect, it } from 'vitest';
import { deviance, logBinomialProbability } from '../../../../../main/drift/stats/binomial-log-probability';
import { stirlingError } from '../../../../../main/drift/stats/stirling';

const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);
function logFactorial(k: number): number {
  let sum = 0;
  for (let i = 2; i <= k; i++) sum += Math.log(i);
  return sum;
}

describe('stirlingError', () => {
  it('is log k! less Stirling’s formula, on both sides of the table’s end (k = 9)', () => {
    for (let k = 1; k <= 40; k++) {
      const direct = logFactorial(k) - (k + 0.5) * Math.log(k) + k - halfLogTwoPi;
      expect(Math.abs(stirlingError(k) - direct), `k = ${k}`).toBeLessThan(1e-13);
    }
  });

  it('keeps Γ(x + 2) = (x + 1) Γ(x + 1) between whole numbers, as log-gamma uses it', () => {
    // From the definition: error(x + 1) − error(x) = 1 − (x + ½) log(1 + 1/x).
    for (const x of [10, 10.5, 12.25, 20.7, 1e3 + 0.3]) {
      const step = stirlingError(x + 1) - stirlingError(x);
      expect(Math.abs(step - (1 - (x + 0.5) * Math.log1p(1 / x))), `x = ${x}`).toBeLessThan(1e-15);
    }
  });
});

describe('deviance', () => {
  it('keeps its digits when the count is within a hair of its mean', () => {
    // k log(k/m) + m − k = s²/(2k) − s³/(3k²) + … for m = k + s: the plain formula would return rounding noise.
    const k = 1e6;
    const s = 1e-3;
    const series = (s * s) / (2 * k) - (s * s * s) / (3 * k * k);
    expect(Math.abs(deviance(k, s) - series) / series).toBeLessThan(1e-14);
    expect(Math.abs(deviance(k, -s) - ((s * s) / (2 * k) + (s * s * s) / (3 * k * k))) / series).toBeLessThan(1e-14);
  });

  it('returns NaN for a NaN shift rather than looping', () => {
    expect(deviance(5, Number.NaN)).toBeNaN();
    expect(logBinomialProbability(5, 10, Number.NaN)).toBeNaN();
  });

  it('agrees with the plain formula where that is accurate, across the switch between its two ways', () => {
    for (const k of [3, 50, 12_345]) {
      // The series serves |shift| < 0.1 (2k + shift): shift/k < 2/9 above the count, > −2/11 below it.
      for (const share of [0.05, 0.2222, 0.2223, 0.5, 2, -0.05, -0.1818, -0.1819, -0.5]) {
        const shift = share * k;
        const m = k + shift;
        const plain = k * Math.log(k / m) + m - k;
        expect(Math.abs(deviance(k, shift) - plain) / plain, `k ${k}, shift ${shift}`).toBeLessThan(1e-12);
      }
    }
  });
});

describe('logBinomialProbability', () => {
  it('equals log C(n, k) + k log p + (n − k) log q for every k of a small n', () => {
    const n = 40;
    for (const shift of [-3.7, -0.25, 0, 0.5, 6.1]) {
      for (let k = 1; k < n; k++) {
        const p = (k + shift) / n;
        if (!(p > 0 && p < 1)) continue;
        const direct = logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
        expect(Math.abs(logBinomialProbability(k, n, shift) - direct), `k ${k}, shift ${shift}`).toBeLessThan(1e-12);
      }
    }
  });

  it('sums to 1 over k for a large n', () => {
    const n = 200_000;
    const p = 0.3;
    let sum = Math.exp(n * Math.log1p(-p)) + Math.exp(n * Math.log(p));
    for (let k = 1; k < n; k++) sum += Math.exp(logBinomialProbability(k, n, n * p - k));
    expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
  });
});
