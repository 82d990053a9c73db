import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../../../main/drift/load/load-table';
import type { Column } from '../../../../main/drift/load/table';

// Files written by pandas as spreadsheets, pandas and R save them, and every column as pandas
// reads it back with the right options (test/fixtures/drift/dialects/generate.py).
const dir = join(import.meta.dirname, '../../../fixtures/drift/dialects');
interface Expected {
  rows: number;
  columns: { position: number; pandasName: string; numeric: boolean; values: (number | string | null)[] }[];
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;

/** What each file is detected as, and the names we give where pandas invents one. */
const detected: Record<string, { format: string; names?: string[] }> = {
  'excel-eu-utf8.csv': { format: "CSV, UTF-8 with BOM, ';' between fields, double quotes, decimal comma, header row" },
  'excel-eu-latin1.csv': { format: "CSV, Latin-1, ';' between fields, double quotes, decimal comma, header row" },
  'excel-unicode.txt': { format: 'CSV, UTF-16LE with BOM, tab between fields, double quotes, decimal point, header row' },
  'pandas-default.csv.gz': { format: "gzip-compressed CSV, UTF-8, ',' between fields, double quotes, decimal point, header row" },
  'pipes-single-quotes.csv': { format: "CSV, UTF-8, '|' between fields, single quotes, decimal point, header row" },
  'no-header.csv': {
    format: "CSV, UTF-8, ',' between fields, double quotes, decimal point, no header row",
    names: ['column_1', 'column_2', 'column_3', 'column_4', 'column_5'],
  },
  'r-write-csv.csv': {
    format: "CSV, UTF-8, ',' between fields, double quotes, decimal point, header row",
    names: ['row_names', 'id', 'price', 'city', 'note', 'count'],
  },
  'tabs-named-csv.csv.zst': { format: 'Zstandard-compressed CSV, UTF-8, tab between fields, double quotes, decimal point, header row' },
};

function valuesOf(column: Column): (number | string | null)[] {
  if (column.kind === 'numeric') return Array.from(column.values, (v) => (Number.isNaN(v) ? null : v));
  return Array.from(column.codes, (code) => (code < 0 ? null : column.dictionary[code]!));
}

describe('files read the way people save them, to the values pandas reads', () => {
  it('has a detection expectation for every fixture', () => {
    expect(Object.keys(detected).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))('%s loads without options, column by column as pandas reads it', async (name) => {
    const want = expected[name]!;
    const table = await loadTable(join(dir, name), name);
    expect(table.format).toBe(detected[name]!.format);
    expect(table.rows).toBe(want.rows);
    expect(table.columns.map((c) => c.name)).toEqual(detected[name]!.names ?? want.columns.map((c) => c.pandasName));
    for (const column of want.columns) {
      const ours = table.columns[column.position]!;
      expect(ours.kind, `${name}: ${ours.name}`).toBe(column.numeric ? 'numeric' : 'categorical');
      expect(valuesOf(ours), `${name}: ${ours.name}`).toEqual(column.values);
      expect(ours.missing).toBe(column.values.filter((v) => v === null).length);
    }
    expect(table.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
