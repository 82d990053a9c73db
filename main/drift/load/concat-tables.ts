import { maxColumns } from './limits';
import { DatasetError, type CategoricalColumn, type Column, type Table } from './table';
import { sharedFloat64, sharedInt32 } from './shared-arrays';

/**
 * Several files read as one dataset (a feed's files of the last days): rows one after the other,
 * columns matched by name. A column some files lack is missing in their rows; a column numeric in
 * one file and text in another is read as text throughout.
 */
export function concatTables(tables: readonly Table[], source: string): Table {
  if (tables.length === 0) throw new DatasetError(`${source}: no files to read`);
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  // Sets and maps, not list searches: a thousand files of thousands of columns must not take quadratic time.
  const names = new Set<string>();
  for (const table of tables) {
    for (const column of table.columns) names.add(column.name);
    if (names.size > maxColumns) throw new DatasetError(`${source}: the files hold more than ${maxColumns} different columns together; at most ${maxColumns} can be compared`);
  }
  const byName = tables.map((t) => new Map(t.columns.map((c) => [c.name, c])));
  const columns = [...names].map((name) => {
    const parts = tables.map((t, i) => ({ rows: t.rows, column: byName[i]!.get(name) ?? null }));
    return parts.every((p) => p.column === null || p.column.kind === 'numeric') ? numeric(name, parts, rows) : categorical(name, parts, rows);
  });
  return { source, rows, columns, format: `${tables.length} files read as one dataset: ${tables.map((t) => t.source).join(', ')}` };
}

type Part = { rows: number; column: Column | null };

function numeric(name: string, parts: Part[], rows: number): Column {
  const values = sharedFloat64(rows).fill(NaN);
  let offset = 0;
  let missing = 0;
  for (const { rows: n, column } of parts) {
    if (column?.kind === 'numeric') {
      values.set(column.values, offset);
      missing += column.missing;
    } else missing += n;
    offset += n;
  }
  return { name, kind: 'numeric', values, missing };
}

function categorical(name: string, parts: Part[], rows: number): CategoricalColumn {
  const codes = sharedInt32(rows).fill(-1);
  const dictionary: string[] = [];
  const codeOf = new Map<string, number>();
  const code = (value: string) => {
    let c = codeOf.get(value);
    if (c === undefined) {
      c = dictionary.push(value) - 1;
      codeOf.set(value, c);
    }
    return c;
  };
  let offset = 0;
  let missing = 0;
  for (const { rows: n, column } of parts) {
    if (column === null) missing += n;
    else if (column.kind === 'categorical') {
      const remap = column.dictionary.map(code);
      for (let i = 0; i < n; i++) codes[offset + i] = column.codes[i]! < 0 ? -1 : remap[column.codes[i]!]!;
      missing += column.missing;
    } else {
      for (let i = 0; i < n; i++) codes[offset + i] = Number.isNaN(column.values[i]!) ? -1 : code(String(column.values[i]));
      missing += column.missing;
    }
    offset += n;
  }
  return { name, kind: 'categorical', codes, dictionary, missing };
}
