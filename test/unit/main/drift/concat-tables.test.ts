import { describe, expect, it } from 'vitest';
import { concatTables } from '../../../../main/drift/load/concat-tables';
import type { Column, Table } from '../../../../main/drift/load/table';

const day1: Table = {
  source: 'day-1.csv',
  rows: 2,
  columns: [
    { name: 'x', kind: 'numeric', values: Float64Array.from([1, NaN]), missing: 1 },
    { name: 'city', kind: 'categorical', codes: Int32Array.from([0, 1]), dictionary: ['Oslo', 'Rome'], missing: 0 },
  ],
};
const day2: Table = {
  source: 'day-2.csv',
  rows: 3,
  columns: [
    { name: 'city', kind: 'categorical', codes: Int32Array.from([1, -1, 0]), dictionary: ['Lima', 'Oslo'], missing: 1 },
    { name: 'x', kind: 'numeric', values: Float64Array.from([2, 3, 4]), missing: 0 },
    { name: 'new', kind: 'numeric', values: Float64Array.from([7, 8, 9]), missing: 0 },
  ],
};

function valuesOf(column: Column): (string | null)[] {
  if (column.kind !== 'categorical') throw new Error(`${column.name} is not categorical`);
  return [...column.codes].map((c) => (c < 0 ? null : column.dictionary[c]!));
}

describe('concatTables', () => {
  it('puts the rows one after the other, columns matched by name and categories merged', () => {
    const table = concatTables([day1, day2], 'feed/*.csv');
    expect(table.source).toBe('feed/*.csv');
    expect(table.rows).toBe(5);
    expect(table.format).toBe('2 files read as one dataset: day-1.csv, day-2.csv');
    const [x, city, added] = table.columns;
    expect(x).toEqual({ name: 'x', kind: 'numeric', values: Float64Array.from([1, NaN, 2, 3, 4]), missing: 1 });
    expect(valuesOf(city!)).toEqual(['Oslo', 'Rome', 'Oslo', null, 'Lima']);
    expect(city!.missing).toBe(1);
    // A column the first file lacks is missing in its rows.
    expect(added).toEqual({ name: 'new', kind: 'numeric', values: Float64Array.from([NaN, NaN, 7, 8, 9]), missing: 2 });
  });

  it('reads a column that is numbers in one file and text in another as text throughout', () => {
    const text: Table = { source: 'b', rows: 1, columns: [{ name: 'x', kind: 'categorical', codes: Int32Array.from([0]), dictionary: ['n/a-ish'], missing: 0 }] };
    const [x] = concatTables([day1, text], 'both').columns;
    expect(x!.kind).toBe('categorical');
    expect(valuesOf(x!)).toEqual(['1', null, 'n/a-ish']);
    expect(x!.missing).toBe(1);
  });

  it('refuses to make a dataset of no files', () => {
    expect(() => concatTables([], 'feed/*.csv')).toThrow(/no files to read/);
  });

  it('refuses files that hold more than 10 000 different columns together', () => {
    const wide = (prefix: string): Table => ({
      source: `${prefix}.csv`,
      rows: 1,
      columns: Array.from({ length: 6_000 }, (_, i) => ({ name: `${prefix}${i}`, kind: 'numeric' as const, values: Float64Array.from([i]), missing: 0 })),
    });
    expect(() => concatTables([wide('a'), wide('b')], 'feed/*.csv')).toThrow('feed/*.csv: the files hold more than 10000 different columns together; at most 10000 can be compared');
    expect(concatTables([wide('a'), wide('a')], 'feed/*.csv').columns).toHaveLength(6_000);
  });
});
