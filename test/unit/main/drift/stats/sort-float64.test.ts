import { describe, expect, it } from 'vitest';
import { sortFloat64 } from '../../../../../main/drift/stats/sort-float64';
import { uniforms } from '../../../../helpers/dataset-files';

describe('sortFloat64', () => {
  it.each([10, 4095, 4096, 100_000])('orders %i mixed values exactly as the built-in sort', (n) => {
    const u = uniforms(n);
    const values = Float64Array.from({ length: n }, (_, i) =>
      i % 7 === 0 ? -u() * 1e300 : i % 5 === 0 ? u() * 1e-300 : i % 3 === 0 ? Math.round(u() * 10) - 5 : (u() - 0.5) * 1e6,
    );
    values[1] = -0;
    values[2] = 0;
    values[3] = Number.MAX_VALUE;
    values[4] = -Number.MIN_VALUE;
    const expected = Float64Array.from(values).sort();
    expect(Array.from(sortFloat64(values))).toEqual(Array.from(expected));
  });

  it('keeps ties and sorts in place', () => {
    const values = Float64Array.from({ length: 5000 }, (_, i) => (i * 37) % 11);
    const sorted = sortFloat64(values);
    expect(sorted).toBe(values);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! >= sorted[i - 1]!).toBe(true);
  });
});
