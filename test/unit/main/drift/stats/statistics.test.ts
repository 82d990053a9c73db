import { describe, expect, it } from 'vitest';
import fixture from '../../../../fixtures/drift/statistics.json' with { type: 'json' };
import { benjaminiHochberg } from '../../../../../main/drift/stats/benjamini-hochberg';
import { chiSquareHomogeneity } from '../../../../../main/drift/stats/chi-square';
import { upperRegularizedGamma } from '../../../../../main/drift/stats/incomplete-gamma';
import { jensenShannon } from '../../../../../main/drift/stats/jensen-shannon';
import { populationStd } from '../../../../../main/drift/stats/population-std';
import { decileEdges, psiFromCounts, psiNumerical } from '../../../../../main/drift/stats/psi';
import { normedWasserstein, wasserstein } from '../../../../../main/drift/stats/wasserstein';
import { closeProbability, closeToReference } from '../../../../helpers/close-to-reference';
import { sorted, syntheticSample, type SampleSpec } from '../../../../helpers/synthetic-sample';

const near = (actual: number, expected: number) => expect(closeToReference(actual, expected), `${actual} vs ${expected}`).toBe(true);

describe.each(fixture.numerical.map((c) => [c.name, c] as const))('numerical statistics: %s', (_name, c) => {
  const reference = sorted(syntheticSample(c.a as SampleSpec));
  const current = sorted(syntheticSample(c.b as SampleSpec));

  it('Wasserstein-1 equals scipy.stats.wasserstein_distance', () => near(wasserstein(reference, current), c.wasserstein));
  it('the reference standard deviation equals numpy.std', () => near(populationStd(reference), c.referenceStd));
  it('PSI edges are numpy.quantile at the deciles, bit for bit', () => expect(Array.from(decileEdges(reference))).toEqual(c.edges));
  it('PSI equals the numpy reading of the convention', () => near(psiNumerical(reference, current), c.psi));
});

describe('Wasserstein-1 with values near the largest double (an export writing DBL_MAX or 1e305 for missing)', () => {
  const reference = Float64Array.from({ length: 999 }, (_, i) => i / 10);
  // Expected: scipy.stats.wasserstein_distance on the same arrays.
  it.each([
    [Number.MAX_VALUE, 1.7976931348623172e306],
    [1e305, 1.0000000000000008e303],
  ])('stays finite with ten values of %d', (top, expected) => {
    const current = Float64Array.from({ length: 1000 }, (_, i) => (i >= 990 ? top : i / 10 + 0.05));
    near(wasserstein(reference, current), expected);
  });
});

describe('normedWasserstein', () => {
  it('divides by the reference deviation, and by 0.001 when it is smaller', () => {
    expect(normedWasserstein(0.5, 2)).toBe(0.25);
    expect(normedWasserstein(0.5, 0)).toBe(500);
    expect(normedWasserstein(0.5, 0.0001)).toBe(500);
  });
});

describe.each(fixture.categorical.map((c) => [c.name, c] as const))('categorical statistics: %s', (_name, c) => {
  it('chi-squared equals scipy.stats.chi2_contingency(correction=False)', () => {
    const result = chiSquareHomogeneity(c.reference, c.current);
    expect(result.dof).toBe(c.chiSquare.dof);
    near(result.statistic, c.chiSquare.statistic);
    expect(closeProbability(result.pValue, c.chiSquare.pValue), `p ${result.pValue} vs ${c.chiSquare.pValue}`).toBe(true);
  });
  it('Jensen–Shannon equals scipy.spatial.distance.jensenshannon', () => near(jensenShannon(c.reference, c.current), c.jensenShannon));
  it('PSI over categories equals the numpy reading of the convention', () => near(psiFromCounts(c.reference, c.current), c.psi));
});

describe('upperRegularizedGamma as scipy.stats.chi2.sf', () => {
  it('matches across degrees of freedom and tails', () => {
    const misses = fixture.chi2Sf
      .map((c) => ({ ...c, got: upperRegularizedGamma(c.dof / 2, c.x / 2) }))
      .filter((c) => !closeProbability(c.got, c.sf));
    expect(misses).toEqual([]);
  });
});

describe('benjaminiHochberg', () => {
  it.each(fixture.benjaminiHochberg.map((c) => [c.pValues.join(', '), c] as const))('[%s] equals false_discovery_control', (_n, c) => {
    benjaminiHochberg(c.pValues).forEach((p, i) => near(p, c.adjusted[i]!));
  });

  it('leaves untested features out of the count', () => {
    const withGap = benjaminiHochberg([0.01, NaN, 0.04]);
    expect(withGap[1]).toBeNaN();
    expect(withGap[0]).toBeCloseTo(0.02, 15);
    expect(withGap[2]).toBeCloseTo(0.04, 15);
  });
});
