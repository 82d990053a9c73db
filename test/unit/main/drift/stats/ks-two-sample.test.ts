import { describe, expect, it } from 'vitest';
import fixture from '../../../../fixtures/drift/ks.json' with { type: 'json' };
import { ksTwoSample, roundHalfEven } from '../../../../../main/drift/stats/ks-two-sample';
import { kolmogorovSf } from '../../../../../main/drift/stats/kolmogorov-sf';
import { closeProbability, closeToReference } from '../../../../helpers/close-to-reference';
import { sorted, syntheticSample, type SampleSpec } from '../../../../helpers/synthetic-sample';

describe('ksTwoSample against scipy.stats.ks_2samp(method="auto")', () => {
  it.each(fixture.ks2samp.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const a = sorted(syntheticSample(c.a as SampleSpec));
    const b = sorted(syntheticSample(c.b as SampleSpec));
    const result = ksTwoSample(a, b);
    expect(result.method).toBe(Math.max(a.length, b.length) <= 10_000 ? 'exact' : 'asymptotic');
    expect(closeToReference(result.statistic, c.statistic), `statistic ${result.statistic} vs ${c.statistic}`).toBe(true);
    expect(closeProbability(result.pValue, c.pValue, tailGuarantee(result.method)), `p ${result.pValue} vs ${c.pValue}`).toBe(true);
  });

  it('reaches the far tail: every exact case below 1e-12 is compared relatively', () => {
    const farTail = fixture.ks2samp.filter((c) => c.pValue < 1e-12 && Math.max(c.a.n, c.b.n) <= 10_000 && c.a.n !== c.b.n);
    expect(farTail.filter((c) => c.pValue >= 1e-280).length).toBeGreaterThanOrEqual(7);
  });

  it('is symmetric in its two samples', () => {
    const a = sorted(syntheticSample({ n: 300, seed: 1, kind: 'sum4' }));
    const b = sorted(syntheticSample({ n: 170, seed: 2, kind: 'sum4', shift: 0.1 }));
    const forward = ksTwoSample(a, b);
    const backward = ksTwoSample(b, a);
    expect(backward.statistic).toBe(forward.statistic);
    // The lattice is walked in the other orientation, so only rounding may differ.
    expect(closeToReference(backward.pValue, forward.pValue, 1e-12, 1e-15)).toBe(true);
  });

  it('refuses an empty side', () => {
    expect(() => ksTwoSample(new Float64Array(0), new Float64Array([1]))).toThrow(RangeError);
  });
});

describe('kolmogorovSf against scipy.stats.kstwo.sf over every evaluator region', () => {
  it('matches all reference points', () => {
    const misses = fixture.kstwoSf
      .map((c) => ({ ...c, got: kolmogorovSf(c.n, c.x) }))
      .filter((c) => !closeProbability(c.got, c.sf));
    expect(misses).toEqual([]);
  });
});

/**
 * The exact path's documented guarantee (main/drift/stats/ks-exact.ts): 1e-9 relative down to 1e-280,
 * 1e-290 absolute below; the asymptotic path is relative down to the smallest normal double.
 */
function tailGuarantee(method: 'exact' | 'asymptotic') {
  return method === 'exact' ? { relativeDownTo: 1e-280, absolute: 1e-290 } : {};
}

describe('roundHalfEven', () => {
  it('rounds halves to the even neighbour, like numpy.round', () => {
    expect([0.5, 1.5, 2.5, 2.4999, 2.5001, 7].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 7]);
  });
});
