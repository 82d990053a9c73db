import { ksExactPValue } from './ks-exact';
import { kolmogorovSf } from './kolmogorov-sf';
import { ecdfDistances, type EcdfDistances } from './ecdf-distances';

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** Above this size on either side the exact distribution gives way to the asymptotic one, as in scipy. */
export const maxExactSize = 10_000;

/**
 * Two-sided two-sample KS test on ascending arrays without NaN, equal to scipy's
 * `ks_2samp(a, b, method='auto')`. Pass the arrays' `ecdfDistances` when already computed.
 */
export function ksTwoSample(a: Float64Array, b: Float64Array, distances?: EcdfDistances): KsResult {
  if (a.length === 0 || b.length === 0) throw new RangeError('KS test needs values on both sides');
  const { d, h, lcm } = distances ?? ecdfDistances(a, b);
  if (Math.max(a.length, b.length) <= maxExactSize) {
    return { statistic: h / lcm, pValue: ksExactPValue(a.length, b.length, h), method: 'exact' };
  }
  const [m, n] = a.length >= b.length ? [a.length, b.length] : [b.length, a.length];
  const effective = roundHalfEven((m * n) / (m + n));
  return { statistic: d, pValue: kolmogorovSf(effective, d), method: 'asymptotic' };
}

export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
