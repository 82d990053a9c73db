import { describe, expect, it } from 'vitest';
import { ecdfDistances } from '../../../../../main/drift/stats/ecdf-distances';
import { uniforms } from '../../../../helpers/dataset-files';

/** The ECDF distances straight from their definition: F at every distinct value of either side. */
function byDefinition(a: Float64Array, b: Float64Array): { d: number; area: number } {
  const values = [...new Set([...a, ...b])].sort((x, y) => x - y);
  const share = (side: Float64Array, v: number) => side.filter((s) => s <= v).length / side.length;
  let d = 0;
  let area = 0;
  values.forEach((v, k) => {
    const gap = Math.abs(share(a, v) - share(b, v));
    d = Math.max(d, gap);
    if (k + 1 < values.length) area += gap * (values[k + 1]! - v);
  });
  return { d, area };
}

function sample(n: number, seed: number, levels: number, shift: number): Float64Array {
  const u = uniforms(seed);
  return Float64Array.from({ length: n }, () => Math.floor(u() * levels) + shift).sort();
}

describe('ecdfDistances', () => {
  // Few levels make ties within and across the sides; the shifts make either side run out first
  // and the largest gap fall on either sign.
  it.each([
    [40, 25, 5, 0, 0],
    [25, 40, 5, 0, 0.5],
    [60, 60, 3, 1, 0],
    [7, 90, 12, -2, 0],
    [90, 7, 12, 3, 0],
    [300, 170, 40, 0, 10],
    [1, 1, 1, 0, 0],
  ])('matches the definition for %i and %i values on %i levels (shifts %d, %d)', (n1, n2, levels, shiftA, shiftB) => {
    const a = sample(n1, n1 * 7 + levels, levels, shiftA);
    const b = sample(n2, n2 * 13 + levels, levels, shiftB);
    const got = ecdfDistances(a, b);
    const expected = byDefinition(a, b);
    expect(got.h / got.lcm).toBeCloseTo(expected.d, 14);
    expect(got.d).toBeCloseTo(expected.d, 14);
    expect(got.area).toBeCloseTo(expected.area, 12);
  });

  it('takes infinities and both zeros as values', () => {
    const a = new Float64Array([-Infinity, -0, 1, 2]);
    const b = new Float64Array([0, 0, 2, Infinity]);
    const got = ecdfDistances(a, b);
    // −0 and 0 are one value: F₁ − F₂ is ¼ at −∞, 0 at zero, ¼ at 1 and at 2.
    expect(got.h / got.lcm).toBe(0.25);
    expect(got.d).toBe(0.25);
  });

  it('reads 0 for two identical samples', () => {
    const a = sample(500, 3, 20, 0);
    expect(ecdfDistances(a, Float64Array.from(a))).toMatchObject({ d: 0, h: 0, area: 0 });
  });
});
