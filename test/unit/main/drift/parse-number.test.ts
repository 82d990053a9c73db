import { describe, expect, it } from 'vitest';
import { parseNumber, scanPlainDecimal } from '../../../../main/drift/load/column-builder';
import { seededRandom } from '../../../helpers/seeded-random';
import { isMissingToken } from '../../../../main/drift/load/table';

describe('parseNumber', () => {
  it.each([
    ['42', 42],
    ['-3.5', -3.5],
    ['+.5', 0.5],
    ['1e-3', 0.001],
    [' 7 ', 7],
    ['0', 0],
    ['0.25', 0.25],
    ['-0', -0],
  ])('reads %j as %d', (token, value) => expect(parseNumber(token)).toBe(value));

  it.each(['', '   ', '0x1f', '0b101', '0o17', 'Infinity', '-Infinity', 'NaN', '1,5', 'abc', '12abc', '1_000'])('refuses %j', (token) => {
    expect(parseNumber(token)).toBeNull();
  });
});

describe('isMissingToken', () => {
  it.each(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '  NA ', ' null  '])('%j is missing', (token) => expect(isMissingToken(token)).toBe(true));
  it.each(['0', 'Nancy', 'nullable', ' x ', 'NAN0'])('%j is a value', (token) => expect(isMissingToken(token)).toBe(false));
});

describe('scanPlainDecimal', () => {
  // The token as a field of a line, between two delimiters: the scan must stop at the second.
  const read = (token: string) => {
    const line = Buffer.from(`|${token}|9`, 'latin1');
    const out = new Float64Array(1);
    expect(scanPlainDecimal(line, 1, line.length, 124 /* | */, out, 0)).toBe(token.length + 1);
    return out[0]!;
  };

  it('reads every plain decimal it takes exactly as Number() does (200 000 seeded ones, up to 15 digits)', () => {
    const r = seededRandom(7);
    let taken = 0;
    for (let i = 0; i < 200_000; i++) {
      const digits = Array.from({ length: 1 + r.int(16) }, () => String(r.int(10))).join('');
      const point = r.int(digits.length + 2) - 1; // -1: no point; digits.length: a trailing point
      const token = (r.next() < 0.3 ? '-' : '') + (point < 0 ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`);
      const value = read(token);
      if (value !== value) continue;
      taken++;
      expect(Object.is(value, Number(token)), token).toBe(true);
    }
    expect(taken).toBeGreaterThan(150_000);
  });

  it.each(['-0', '-0.000', '.5', '-.5', '5.', '000012.50', '123456789012345', '0.00000000000001', '-999999999999999'])('reads %j as Number() does', (token) => {
    expect(Object.is(read(token), Number(token))).toBe(true);
  });

  it.each(['', '-', '.', '1.2.3', '+1', ' 1', '1e5', '0x1f', '1234567890123456', '0.000000000000001', 'NaN', '1,5', '--1'])('leaves %j to the general path', (token) => {
    expect(read(token)).toBeNaN();
  });
});
