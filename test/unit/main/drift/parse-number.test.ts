import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../../../main/drift/load/column-builder';
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
