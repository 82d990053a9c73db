import { brotliCompressSync, gzipSync } from 'node:zlib';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../../../main/drift/load/load-table';
import { DatasetError, type CategoricalColumn, type NumericColumn, type Table } from '../../../../main/drift/load/table';
import { tempDir } from '../../../helpers/temp-dir';

function file(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

const numeric = (t: Table, name: string) => t.columns.find((c) => c.name === name) as NumericColumn;
const categorical = (t: Table, name: string) => t.columns.find((c) => c.name === name) as CategoricalColumn;
const decoded = (c: CategoricalColumn) => Array.from(c.codes, (code) => (code < 0 ? null : c.dictionary[code]));

describe('CSV and TSV', () => {
  it('reads quoted fields, doubled quotes, line breaks inside quotes, a BOM and CRLF', async () => {
    const path = file('data.csv', '\uFEFFid,name,score\r\n1,"Smith, Jo",3.5\r\n2,"say ""hi""",4\r\n3,"two\r\nlines",\r\n');
    const table = await loadTable(path);
    expect(table.rows).toBe(3);
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'name', 'score']);
    expect(Array.from(numeric(table, 'id').values)).toEqual([1, 2, 3]);
    expect(decoded(categorical(table, 'name'))).toEqual(['Smith, Jo', 'say "hi"', 'two\nlines']);
    const score = numeric(table, 'score');
    expect(Array.from(score.values.slice(0, 2))).toEqual([3.5, 4]);
    expect(score.values[2]).toBeNaN();
    expect(score.missing).toBe(1);
  });

  it('counts every spelling of missing, and turns a column categorical at its first word', async () => {
    const path = file('m.csv', 'a,b\n1,x\nNA,2\nNaN,3\nnull,4\n,5\n6,\n');
    const table = await loadTable(path);
    expect(numeric(table, 'a').missing).toBe(4);
    const b = categorical(table, 'b');
    expect(decoded(b)).toEqual(['x', '2', '3', '4', '5', null]);
    expect(b.missing).toBe(1);
  });

  it('treats booleans as categories', async () => {
    const table = await loadTable(file('b.csv', 'flag\ntrue\nfalse\nTRUE\n'));
    expect(table.columns[0]!.kind).toBe('categorical');
  });

  it('reads TSV by its extension', async () => {
    const table = await loadTable(file('t.tsv', 'x\ty\n1\ta b\n2\tc,d\n'));
    expect(decoded(categorical(table, 'y'))).toEqual(['a b', 'c,d']);
  });

  it('streams a file larger than one read chunk, with a quoted field across the chunk boundary', async () => {
    const rows = ['v,label'];
    for (let i = 0; i < 120_000; i++) rows.push(i === 60_000 ? `${i},"split\nacross"` : `${i},l${i % 3}`);
    const table = await loadTable(file('big.csv', rows.join('\n')));
    expect(table.rows).toBe(120_000);
    expect(numeric(table, 'v').values[119_999]).toBe(119_999);
    expect(decoded(categorical(table, 'label'))[60_000]).toBe('split\nacross');
  });

  it.each([
    ['ragged row', 'a,b\n1,2\n3\n', /line 3: expected 2 fields as in the header, found 1/],
    ['an empty file', '', /empty/],
    ['only a header', 'a,b\n', /header but no data rows/],
    ['an unclosed quote', 'a,b\n1,"oops\n2,3\n', /line 2: a quoted field is never closed/],
    ['a duplicate column', 'a,a\n1,2\n', /names column "a" twice/],
    ['a nameless column', 'a,\n1,2\n', /column 2 of the header has no name/],
    ['binary garbage', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 1, 2, 255, 0]), /not a text file/],
  ])('refuses %s with the file, line and problem', async (_what, content, message) => {
    const path = file('bad.csv', content);
    const error = await loadTable(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toMatch(message);
    if (content.length) expect((error as Error).message).toContain('bad.csv');
  });
});

describe('JSON Lines', () => {
  it('reads typed values; strings and booleans are categories; late keys are missing before', async () => {
    const path = file('d.jsonl', '{"x": 1.5, "c": "a"}\n{"x": null, "c": "b", "late": true}\n\n{"x": 3, "c": "a"}\n');
    const table = await loadTable(path);
    expect(table.rows).toBe(3);
    expect(Array.from(numeric(table, 'x').values).map((v) => (Number.isNaN(v) ? null : v))).toEqual([1.5, null, 3]);
    expect(decoded(categorical(table, 'late'))).toEqual([null, 'true', null]);
  });

  it.each([
    ['not JSON', '{"x": 1}\n{x: 2}\n', /line 2: not valid JSON/],
    ['not an object', '[1, 2]\n', /line 1: expected a JSON object per line/],
    ['a nested value', '{"x": {"y": 1}}\n', /line 1: field "x" holds an object/],
  ])('refuses %s', async (_what, content, message) => {
    await expect(loadTable(file('bad.jsonl', content))).rejects.toThrow(message);
  });
});

describe('Parquet', () => {
  const columns = (n: number) => [
    { name: 'f', data: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : i / 4)), type: 'DOUBLE' as const },
    { name: 'i', data: Array.from({ length: n }, (_, i) => BigInt(i)), type: 'INT64' as const },
    { name: 's', data: Array.from({ length: n }, (_, i) => ['red', 'green', 'blue'][i % 3]!), type: 'STRING' as const },
    { name: 'b', data: Array.from({ length: n }, (_, i) => i % 2 === 0), type: 'BOOLEAN' as const },
  ];

  it.each([
    ['UNCOMPRESSED', undefined],
    ['SNAPPY', undefined],
    ['GZIP', { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) }],
    ['BROTLI', { BROTLI: (input: Uint8Array) => new Uint8Array(brotliCompressSync(input)) }],
  ] as const)('reads %s pages across several row groups', async (codec, compressors) => {
    const path = join(tempDir(), `d-${codec}.parquet`);
    await parquetWriteFile({ filename: path, columnData: columns(2500), codec, compressors, rowGroupSize: 1000 } as never);
    const table = await loadTable(path);
    expect(table.rows).toBe(2500);
    const f = numeric(table, 'f');
    expect(f.missing).toBe(250);
    expect(f.values[1]).toBe(0.25);
    expect(numeric(table, 'i').values[2499]).toBe(2499);
    expect(decoded(categorical(table, 's')).slice(0, 4)).toEqual(['red', 'green', 'blue', 'red']);
    expect(decoded(categorical(table, 'b')).slice(0, 2)).toEqual(['true', 'false']);
  });

  it('refuses a file that is not Parquet', async () => {
    await expect(loadTable(file('fake.parquet', 'a,b\n1,2\n'))).rejects.toThrow(/fake\.parquet is not a readable Parquet file/);
  });
});

describe('paths', () => {
  it('refuses a missing file, a folder and an unknown type, naming each', async () => {
    const dir = tempDir();
    await expect(loadTable(join(dir, 'nope.csv'))).rejects.toThrow(/nope\.csv: no such file/);
    await expect(loadTable(dir + '/')).rejects.toThrow(/unsupported file type/);
    const folder = join(dir, 'folder.csv');
    (await import('node:fs')).mkdirSync(folder);
    await expect(loadTable(folder)).rejects.toThrow(/not a regular file/);
    await expect(loadTable(file('x.xlsx', 'data'))).rejects.toThrow(/unsupported file type ".xlsx"/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses an unreadable file, naming it (not testable as root, who reads everything)', async () => {
    const locked = file('locked.csv', 'a\n1\n');
    chmodSync(locked, 0);
    await expect(loadTable(locked)).rejects.toThrow(/locked\.csv/);
  });
});
