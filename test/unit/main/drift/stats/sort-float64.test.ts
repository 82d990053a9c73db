import { describe, expect, it } from 'vitest';
import { sortFloat64 } from '../../../../../main/drift/stats/sort-float64';
import { uniforms } from '../../../../helpers/dataset-files';

function expectBuiltInOrder(values: Float64Array): void {
  const expected = Float64Array.from(values).sort();
  const got = sortFloat64(values);
  // Object.is tells −0 from 0: the built-in sort puts −0 first.
  const firstMismatch = expected.findIndex((v, i) => !Object.is(v, got[i]));
  expect(firstMismatch, firstMismatch < 0 ? '' : `at ${firstMismatch}: ${got[firstMismatch]} instead of ${expected[firstMismatch]}`).toBe(-1);
}

describe('sortFloat64', () => {
  it.each([10, 511, 512, 4096, 100_000, 300_000])('orders %i mixed values exactly as the built-in sort', (n) => {
    const u = uniforms(n);
    const values = Float64Array.from({ length: n }, (_, i) =>
      i % 7 === 0 ? -u() * 1e300 : i % 5 === 0 ? u() * 1e-300 : i % 3 === 0 ? Math.round(u() * 10) - 5 : (u() - 0.5) * 1e6,
    );
    values[1] = -0;
    values[2] = 0;
    values[3] = Number.MAX_VALUE;
    values[4] = -Number.MIN_VALUE;
    values[5] = Number.MIN_VALUE;
    values[6] = -Infinity;
    values[7] = Infinity;
    values[8] = -0;
    expectBuiltInOrder(values);
  });

  // Values that share their sign, exponent and top 20 mantissa bits are ordered in a second step:
  // short runs, long runs (their own radix sort) and negative runs (reversed) all come out right.
  it.each([
    ['a narrow range far from zero (one long run)', (u: () => number) => 1000 + u() * 1e-4],
    ['the same, negative', (u: () => number) => -1000 - u() * 1e-4],
    ['runs of a few values', (u: () => number) => 1 + Math.floor(u() * 2000) * 2 ** -20 + u() * 2 ** -40],
    ['tiny magnitudes around zero with both zeros', (u: () => number) => (u() < 0.1 ? (u() < 0.5 ? -0 : 0) : (u() - 0.5) * 1e-320)],
    ['many ties', (u: () => number) => Math.floor(u() * 7) - 3],
  ])('orders %s exactly as the built-in sort', (_name, draw) => {
    const u = uniforms(50_000);
    expectBuiltInOrder(Float64Array.from({ length: 50_000 }, () => draw(u)));
  });

  it('keeps ties and sorts in place', () => {
    const values = Float64Array.from({ length: 5000 }, (_, i) => (i * 37) % 11);
    const sorted = sortFloat64(values);
    expect(sorted).toBe(values);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! >= sorted[i - 1]!).toBe(true);
  });

  it('sorts a view into a larger buffer without touching the rest', () => {
    const whole = Float64Array.from({ length: 3000 }, (_, i) => 3000 - i);
    const view = whole.subarray(1000, 2000);
    sortFloat64(view);
    expect(whole[999]).toBe(2001);
    expect(Array.from(view)).toEqual(Array.from({ length: 1000 }, (_, i) => 1001 + i));
    expect(whole[2000]).toBe(1000);
  });
});
