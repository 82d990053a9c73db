import { describe, expect, it } from 'vitest';
import fixture from '../../../../fixtures/drift/ks.json' with { type: 'json' };
import { smirnovSf, smirnovSfSampled } from '../../../../../main/drift/stats/smirnov-sf';
import { closeProbability } from '../../../../helpers/close-to-reference';

/** Where kolmogorovSf calls smirnovSf for n > 140 (below it, Pelz–Good or Durbin's matrix). */
const ksRegion = (c: { n: number; x: number }) => c.n * c.x * c.x >= 2.2;

describe('smirnovSf against scipy.special.smirnov where n is large', () => {
  it('samples the sum (no term-by-term loop) wherever the KS p-value calls for it', () => {
    const inRegion = fixture.smirnovSf.filter(ksRegion);
    expect(inRegion.length).toBeGreaterThanOrEqual(45);
    expect(inRegion.filter((c) => smirnovSfSampled(c.n, c.x) === null)).toEqual([]);
  });

  it('matches every reference point within 1e-12, far tail included, and below the KS region too', () => {
    const misses = fixture.smirnovSf
      .map((c) => ({ ...c, got: smirnovSf(c.n, c.x) }))
      .filter((c) => !closeProbability(c.got, c.sf, { relative: 1e-12 }));
    expect(misses).toEqual([]);
    expect(Math.min(...fixture.smirnovSf.map((c) => c.sf))).toBeLessThan(1e-300);
    expect(fixture.smirnovSf.filter((c) => c.n * c.x * c.x < 1.1).length).toBeGreaterThanOrEqual(5);
  });

  it('leaves small n, where sampling would save nothing, to the term-by-term sum', () => {
    expect(smirnovSfSampled(200, 0.15)).toBeNull();
    expect(closeProbability(smirnovSf(200, 0.15), 1.077095622443654e-4)).toBe(true); // scipy.special.smirnov(200, 0.15)
  });
});
