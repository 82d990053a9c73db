import { describe, expect, it } from 'vitest';
import { sortedPresent } from '../../../../../main/drift/stats/sort-float64';
import { uniforms } from '../../../../helpers/dataset-files';

function expectBuiltInOrder(values: Float64Array): void {
  const before = Float64Array.from(values);
  const expected = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const got = sortedPresent(values);
  expect(got).not.toBe(values);
  expect(got.length).toBe(expected.length);
  expect(Array.from(values)).toEqual(Array.from(before));
  // Object.is tells −0 from 0: the built-in sort puts −0 first.
  const firstMismatch = expected.findIndex((v, i) => !Object.is(v, got[i]));
  expect(firstMismatch, firstMismatch < 0 ? '' : `at ${firstMismatch}: ${got[firstMismatch]} instead of ${expected[firstMismatch]}`).toBe(-1);
}

describe('sortedPresent', () => {
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
  // short runs (insertion), long runs (their own radix sort on the low word, 8-bit digits under
  // 2 048 values, 11-bit ones from there) and negative runs all come out right.
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

  // One of the two 16-bit passes has work (the top digit is shared): the values end in the scratch array and come back.
  it('orders 300 000 values of a narrow range, sorted by one pass', () => {
    const u = uniforms(300_000);
    expectBuiltInOrder(Float64Array.from({ length: 300_000 }, () => 3 + u() * 1e-3));
  });

  it.each([100, 5000, 100_000])('leaves out NaN wherever it is (%i values), and returns an empty array for NaN only', (n) => {
    const u = uniforms(n);
    expectBuiltInOrder(Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 || i === n - 1 ? NaN : (u() - 0.5) * 100)));
    expect(sortedPresent(new Float64Array(n).fill(NaN)).length).toBe(0);
  });

  it('keeps every tie', () => {
    expectBuiltInOrder(Float64Array.from({ length: 5000 }, (_, i) => (i * 37) % 11));
  });

  it('reads a view into a larger buffer without touching the buffer, runs of equal high words included', () => {
    const u = uniforms(99);
    // Values that share their high word in runs of about 100 (longer than insertion takes), of both signs.
    const whole = Float64Array.from({ length: 40_000 }, () => (u() < 0.5 ? -1 : 1) * (1 + Math.floor(u() * 100) * 2 ** -20 + u() * 2 ** -30));
    const before = Float64Array.from(whole);
    const view = whole.subarray(10_000, 30_000);
    const expected = Float64Array.from(view).sort();
    expect(Array.from(sortedPresent(view))).toEqual(Array.from(expected));
    expect(Array.from(whole)).toEqual(Array.from(before));
  });

  it.each([100, 5000])('leaves out NaN of every bit pattern and keeps both infinities (%i values)', (n) => {
    const patterns = [0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff0000000000001n, 0xffffffffffffffffn, 0x7fffffffffffffffn, 0xfff0000000000001n];
    const values = new Float64Array(n);
    const bits = new DataView(values.buffer);
    const u = uniforms(n);
    for (let i = 0; i < n; i++) {
      if (i % 4 === 0) bits.setBigUint64(8 * i, patterns[(i / 4) % patterns.length]!, true);
      else values[i] = i % 9 === 1 ? Infinity : i % 9 === 2 ? -Infinity : u() - 0.5;
    }
    const got = sortedPresent(values);
    expect(got.length).toBe(n - Math.ceil(n / 4));
    expectBuiltInOrder(values);
  });

  it.each([100, 5000])('hands back shared memory when asked (%i values)', (n) => {
    const u = uniforms(n);
    const values = Float64Array.from({ length: n }, () => u() - 0.5);
    const got = sortedPresent(values, true);
    expect(got.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(got)).toEqual(Array.from(Float64Array.from(values).sort()));
  });

  it('sorts on in the memory a 4.5 million-value column grew, kept for the next sort', () => {
    const u = uniforms(4_500_000);
    const large = Float64Array.from({ length: 4_500_000 }, () => u() - 0.5);
    const sorted = sortedPresent(large);
    expect(sorted.length).toBe(large.length);
    let ascending = true;
    for (let i = 1; i < sorted.length && ascending; i++) ascending = sorted[i - 1]! <= sorted[i]!;
    expect(ascending).toBe(true);
    expectBuiltInOrder(Float64Array.from({ length: 70_000 }, () => u() * 1e3 - 500));
  });
});
