import { brotliCompressSync, gzipSync } from 'node:zlib';
import { chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, type FileMetaData } from 'hyparquet';
import { ByteWriter, parquetWriteBuffer, parquetWriteFile } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
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

describe('column memory', () => {
  // The feature workers read the columns a load worker built; shared memory spares a copy per feature.
  it('keeps every column of a CSV and a JSON Lines file in shared memory', async () => {
    for (const path of [file('s.csv', 'x,y\n1,a\n2,b\n'), file('s.jsonl', '{"x":1,"y":"a"}\n{"x":2,"y":"b"}\n')]) {
      const table = await loadTable(path);
      expect(numeric(table, 'x').values.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(categorical(table, 'y').codes.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(numeric(table, 'x').values)).toEqual([1, 2]);
    }
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

  it('refuses a row count that is missing or disagrees with the row groups, rather than load empty or oversized columns', async () => {
    const written = Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'a', data: [1.5, 2.5, 3.5, 4.5], type: 'DOUBLE' }] }));
    // The same file with its footer's metadata changed: the data pages stay as written.
    const withMetadata = (name: string, change: (metadata: FileMetaData) => void) => {
      const metadata = parquetMetadata(new Uint8Array(written).buffer);
      change(metadata);
      const footer = new ByteWriter();
      writeMetadata(footer, metadata as never); // the writer declares an older hyparquet's types
      const footerBytes = Buffer.from(footer.getBuffer());
      const tail = Buffer.alloc(8);
      tail.writeUInt32LE(footerBytes.length, 0);
      tail.write('PAR1', 4);
      const body = written.subarray(0, written.length - 8 - written.readUInt32LE(written.length - 8));
      return file(name, Buffer.concat([body, footerBytes, tail]));
    };
    const unchanged = await loadTable(withMetadata('same.parquet', () => {}));
    expect(Array.from(numeric(unchanged, 'a').values)).toEqual([1.5, 2.5, 3.5, 4.5]);
    const missing = withMetadata('no-count.parquet', (m) => (m.num_rows = undefined as unknown as bigint));
    await expect(loadTable(missing)).rejects.toThrow(/no-count\.parquet is not a readable Parquet file: it states no rows, its row groups 4/);
    const claimed = withMetadata('claims-more.parquet', (m) => (m.num_rows = 1n << 40n));
    await expect(loadTable(claimed)).rejects.toThrow(/claims-more\.parquet .* states 1099511627776 rows, its row groups 4/);
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

describe('dialects, overrides and compression', () => {
  it('reads a European spreadsheet export as detected, and as told when told otherwise', async () => {
    const path = file('eu.csv', 'price;label\r\n1,5;a\r\n2,25;b\r\n-3,0;c\r\n');
    const detected = await loadTable(path);
    expect(Array.from(numeric(detected, 'price').values)).toEqual([1.5, 2.25, -3]);
    expect(detected.format).toBe("CSV, UTF-8, ';' between fields, double quotes, decimal comma, header row");
    const pointDecimal = await loadTable(path, path, { decimal: '.' });
    expect(decoded(categorical(pointDecimal, 'price'))).toEqual(['1,5', '2,25', '-3,0']);
    const commaFields = await loadTable(file('c.csv', 'a;b,c\n1;2,3\n'), 'c.csv', { delimiter: ',' });
    expect(commaFields.columns.map((c) => c.name)).toEqual(['a;b', 'c']);
  });

  it('reads Latin-1 when told, even where the bytes happen to be valid UTF-8', async () => {
    const bytes = Buffer.from('name\nCafÃ©\n', 'utf8'); // "CafÃ©" is what Latin-1 makes of UTF-8 "Café"
    const asUtf8 = await loadTable(file('u.csv', bytes));
    expect(decoded(categorical(asUtf8, 'name'))).toEqual(['CafÃ©']);
    const asLatin1 = await loadTable(file('l.csv', Buffer.from('name\nCaf\xe9\n', 'latin1')));
    expect(decoded(categorical(asLatin1, 'name'))).toEqual(['Café']);
    const told = await loadTable(file('t.csv', Buffer.from('name\nCafé\n', 'utf8')), 't.csv', { encoding: 'latin1' });
    expect(decoded(categorical(told, 'name'))).toEqual(['CafÃ©']);
  });

  it('refuses a file that stops being UTF-8 after its start, instead of reading replacement characters', async () => {
    const start = 'name\n' + 'plain ascii\n'.repeat(120_000); // past the first read, which the encoding is detected from
    const path = file('late.csv', Buffer.concat([Buffer.from(start), Buffer.from('Caf\xe9\n', 'latin1')]));
    await expect(loadTable(path)).rejects.toThrow(/late\.csv is not UTF-8 throughout \(its start is\); give its encoding, such as --encoding latin1/);
    const told = await loadTable(path, path, { encoding: 'latin1' });
    expect(decoded(categorical(told, 'name')).at(-1)).toBe('Café');
    // A real U+FFFD in UTF-8 text is data, not an error.
    const honest = await loadTable(file('fffd.csv', 'name\n' + 'x\n'.repeat(600_000) + '\uFFFD\n'));
    expect(decoded(categorical(honest, 'name')).at(-1)).toBe('\uFFFD');
  });

  it('reads UTF-16 big-endian with its BOM', async () => {
    const text = Buffer.from('\uFEFFx\tcity\n1\tMalmö\n2\tLyon\n', 'utf16le').swap16();
    const table = await loadTable(file('be.tsv', text));
    expect(decoded(categorical(table, 'city'))).toEqual(['Malmö', 'Lyon']);
    expect(table.format).toContain('UTF-16BE with BOM');
  });

  it('streams gzip-compressed JSON Lines and TSV, hashing the bytes as stored', async () => {
    const packed = gzipSync('{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n');
    const table = await loadTable(file('rows.jsonl.gz', packed));
    expect(Array.from(numeric(table, 'a').values)).toEqual([1, 2]);
    expect(table.format).toBe('gzip-compressed JSON Lines, UTF-8');
    expect(table.sha256).toBe((await import('node:crypto')).createHash('sha256').update(packed).digest('hex'));
    const tsv = await loadTable(file('t.tsv.gz', gzipSync('x\ty\n1\t2\n')));
    expect(tsv.columns.map((c) => c.name)).toEqual(['x', 'y']);
  });

  it('refuses a corrupt compressed file and a compressed Parquet name clearly', async () => {
    await expect(loadTable(file('bad.csv.gz', Buffer.from('not gzip at all')))).rejects.toThrow(/cannot read .*bad\.csv\.gz: incorrect header check/);
    await expect(loadTable(file('bad.csv.zst', Buffer.from('not zstd at all')))).rejects.toThrow(/cannot read .*bad\.csv\.zst/);
    await expect(loadTable(file('t.parquet.gz', Buffer.from('x')))).rejects.toThrow(/unsupported file type/);
  });
});

describe('limits on hostile files', () => {
  it('refuses more than 10 000 columns', async () => {
    const header = Array.from({ length: 10_001 }, (_, i) => `c${i}`).join(',');
    await expect(loadTable(file('wide.csv', `${header}\n${'1,'.repeat(10_000)}1\n`))).rejects.toThrow(/10001 columns; at most 10000 can be compared/);
  });

  it('refuses a line longer than 4 MiB, and a quoted field that never ends within it', async () => {
    await expect(loadTable(file('long.csv', 'a\n' + 'x'.repeat(5 * 1024 * 1024)))).rejects.toThrow(/line 2 is longer than 4 MiB/);
    const open = 'a,b\n1,"' + 'y\n'.repeat(2_200_000);
    await expect(loadTable(file('open.csv', open))).rejects.toThrow(/line 2: a quoted field runs past 4 MiB/);
    await expect(loadTable(file('long.jsonl', '{"a":"' + 'z'.repeat(5 * 1024 * 1024) + '"}\n'))).rejects.toThrow(/line 1 is longer than 4 MiB/);
  });

  it('refuses JSON Lines with more than 10 000 distinct keys', async () => {
    const lines = Array.from({ length: 101 }, (_, i) => JSON.stringify(Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`k${i * 100 + k}`, k]))));
    await expect(loadTable(file('keys.jsonl', lines.join('\n')))).rejects.toThrow(/line 101: more than 10000 distinct keys/);
  });
});

describe('reading without following links', () => {
  it('reads CSV, gzip JSON Lines and Parquet through one handle exactly as by path, and refuses a link', async () => {
    const folder = tempDir();
    const csv = join(folder, 'd.csv');
    writeFileSync(csv, 'x,city\n1,Oslo\n2.5,Rome\n,Oslo\n');
    const jsonl = join(folder, 'd.jsonl.gz');
    writeFileSync(jsonl, gzipSync('{"x":1,"city":"Oslo"}\n{"x":2,"city":"Rome"}\n'));
    const parquet = join(folder, 'd.parquet');
    const n = 2500;
    await parquetWriteFile({
      filename: parquet,
      columnData: [{ name: 'x', data: Array.from({ length: n }, (_, i) => i / 4), type: 'DOUBLE' }],
      codec: 'SNAPPY',
      rowGroupSize: 1000,
    } as never);
    for (const path of [csv, jsonl, parquet]) {
      const byPath = await loadTable(path);
      expect(await loadTable(path, path, {}, true), path).toEqual(byPath);
      const link = `${path}.link${path.slice(path.indexOf('.'))}`;
      symlinkSync(path, link);
      await expect(loadTable(link, link, {}, true)).rejects.toThrow(`${link} is a link, and links are not followed here`);
      expect(await loadTable(link)).toEqual({ ...byPath, source: byPath.source === path ? link : byPath.source });
    }
  });
});
