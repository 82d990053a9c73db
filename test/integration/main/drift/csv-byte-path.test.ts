import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../../../main/drift/load/load-table';
import type { Table } from '../../../../main/drift/load/table';
import { uniforms } from '../../../helpers/dataset-files';
import { tempDir } from '../../../helpers/temp-dir';

// A UTF-8 or Latin-1 file larger than its sample (the first 256 KiB, from which the encoding and
// dialect are decided) is parsed as bytes from its start; UTF-16 is always decoded to text first. The same text
// in both must give the same table, whatever the lines hold.

function write(name: string, content: Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** Columns as plain values: numbers (NaN as null) or category names, with the missing counts. */
function contents(table: Table) {
  return {
    rows: table.rows,
    columns: table.columns.map((c) =>
      c.kind === 'numeric'
        ? { name: c.name, kind: c.kind, missing: c.missing, values: Array.from(c.values, (v) => (Number.isNaN(v) ? null : v)) }
        : { name: c.name, kind: c.kind, missing: c.missing, values: Array.from(c.codes, (k) => (k < 0 ? null : c.dictionary[k])) },
    ),
  };
}

/** Rows of every kind a real export has, some quoted across line breaks, about 2.5 MB in all. */
function mixedText(rows: number, seed: number, words: readonly string[]): string {
  const u = uniforms(seed);
  const lines = ['id,amount,label,note,late\n'];
  for (let i = 0; i < rows; i++) {
    const r = u();
    const amount = r < 0.05 ? 'NA' : r < 0.08 ? '' : r < 0.1 ? ' 12.5 ' : r < 0.12 ? '1.5e-3' : r < 0.13 ? '1234567890123456789' : (u() * 2000 - 1000).toFixed(1 + Math.floor(u() * 6));
    const word = words[Math.floor(u() * words.length)]!;
    // Padded words are the same category as the bare ones; 'NA' is missing every time it comes.
    const l = u();
    const label = l < 0.02 ? ' NA ' : l < 0.04 ? 'NA' : l < 0.07 ? ` ${word} ` : word;
    const q = u();
    // Quoted fields across lines, one with a middle line that looks like a whole row.
    const note =
      q < 0.01 ? `"${word}, ""quoted""\nacross a line"` : q < 0.015 ? `"${word}\n1,2,3,4,5\nend"` : q < 0.03 ? `"${word}"` : q < 0.04 ? '' : String(Math.floor(u() * 50));
    // A number column until a word arrives in the second half, long after the sample.
    const late = i > rows / 2 && u() < 0.001 ? 'oops' : String(i % 97);
    const e = u();
    const end = e < 0.1 ? '\r\n' : e < 0.105 ? '\n\n' : e < 0.11 ? '\r\n\r\n' : '\n';
    lines.push(`${i},${amount},${label},${note},${late}${end}`);
  }
  return lines.join('');
}

describe('CSV parsed as bytes after its sample', () => {
  it('reads a UTF-8 file exactly as the same text in UTF-16: numbers, missing values, words, quotes, CRLF, blank lines', async () => {
    const text = mixedText(100_000, 7, ['north', 'süd', '東京', 'ёлка', 'naïve café', '🚀 launch', `long ${'ü'.repeat(60)}`]);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2.5 * 1024 * 1024); // several read chunks
    const asBytes = await loadTable(write('mixed.csv', Buffer.from(text, 'utf8')));
    const asText = await loadTable(write('mixed-utf16.csv', utf16(text)));
    expect(asBytes.format).toContain('UTF-8');
    expect(asText.format).toContain('UTF-16LE');
    expect(contents(asBytes)).toEqual(contents(asText));
    expect(asBytes.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'categorical', 'categorical', 'categorical']);
  });

  it('reads a Latin-1 file exactly as the same text in UTF-16', async () => {
    const text = mixedText(80_000, 11, ['north', 'süd', 'naïve café', 'Øresund']);
    const asBytes = await loadTable(write('latin.csv', Buffer.from(text, 'latin1')), 'latin.csv', { encoding: 'latin1' });
    const asText = await loadTable(write('latin-utf16.csv', utf16(text)));
    expect(contents(asBytes)).toEqual(contents(asText));
  });

  it('reads a large file with a BOM, a header quoted across lines and a quoted field across lines in the first row', async () => {
    const rows = ['"first\nname","score, in %"\n', '"a ""quoted""\nname",1\n'];
    for (let i = 0; i < 200_000; i++) rows.push(`w${i % 9},${(i % 1000) / 8}\n`);
    const text = rows.join('');
    expect(Buffer.byteLength(text)).toBeGreaterThan(1.5 * 1024 * 1024);
    const asBytes = await loadTable(write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])));
    expect(asBytes.columns.map((c) => c.name)).toEqual(['first\nname', 'score, in %']);
    expect(contents(asBytes).columns[0]!.values[0]).toBe('a "quoted"\nname');
    expect(contents(asBytes)).toEqual(contents(await loadTable(write('bom-utf16.csv', utf16(text)))));
  });

  it('reads a last line without a line break, split across read chunks', async () => {
    const lines = ['x,y'];
    for (let i = 0; i < 150_000; i++) lines.push(`${i / 8},w${i % 5}`);
    const table = await loadTable(write('no-final-break.csv', Buffer.from(lines.join('\n'))));
    const values = contents(table).columns[0]!.values;
    expect(table.rows).toBe(150_000);
    expect(values[149_999]).toBe(149_999 / 8);
  });

  it('reads characters cut by the read chunks, and caps a line by characters as the text path does', async () => {
    // 33-byte rows after a 4-byte header: the 1 MiB and 2 MiB chunk edges fall inside a 3-byte 東.
    const rows = ['a,b\n'];
    for (let i = 0; i < 70_000; i++) rows.push(`${i % 10},${'東'.repeat(10)}\n`);
    const text = rows.join('');
    expect([1, 2].map((mib) => (mib * 1024 * 1024 - 4) % 33)).toEqual([30, 31]);
    const asBytes = await loadTable(write('cut.csv', Buffer.from(text, 'utf8')));
    expect(contents(asBytes)).toEqual(contents(await loadTable(write('cut-utf16.csv', utf16(text)))));
    expect(new Set<unknown>(contents(asBytes).columns[1]!.values)).toEqual(new Set(['東'.repeat(10)]));

    // A line of 3 million characters (6 MB of UTF-8) is under the 4 Mi-character cap.
    const long = `${rows.slice(0, 40_000).join('')}1,${'é'.repeat(3_000_000)}\n2,x\n`;
    const table = await loadTable(write('long-line.csv', Buffer.from(long, 'utf8')));
    expect(table.rows).toBe(40_001);
  });

  it('names the same line when a row has too many fields, and when bytes stop being UTF-8', async () => {
    const lines = ['a,b'];
    for (let i = 0; i < 200_000; i++) lines.push(i === 190_000 ? '1,2,3' : `${i},${i % 7}`);
    const text = `${lines.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(1.5 * 1024 * 1024);
    const message = /line 190002: expected 2 fields as in the header, found 3/;
    await expect(loadTable(write('fields.csv', Buffer.from(text)))).rejects.toThrow(message);
    await expect(loadTable(write('fields-utf16.csv', utf16(text)))).rejects.toThrow(message);

    const broken = Buffer.from(text.replace('1,2,3', '1,2'));
    broken[broken.length - 10] = 0xff;
    await expect(loadTable(write('broken.csv', broken))).rejects.toThrow(/not UTF-8 throughout/);
  });
});

// Columns are set aside at the size the sample suggests, in shared memory. A file whose later lines
// are shorter holds more rows than that (the columns grow); one whose later lines are longer holds
// fewer (they are copied to their size, so no memory is held for rows that never came).
describe('CSV columns sized from the sample', () => {
  const rowsOf = (count: number, width: number, from: number) =>
    Array.from({ length: count }, (_, i) => `${from + i},${String(i % 97).padStart(width, '0')}\n`).join('');

  it.each([
    ['lines alike', rowsOf(60_000, 3, 0)],
    ['later lines shorter: more rows than guessed', rowsOf(20_000, 40, 0) + rowsOf(200_000, 1, 20_000)],
    ['later lines longer: fewer rows than guessed', rowsOf(40_000, 1, 0) + rowsOf(5_000, 2_000, 40_000)],
  ])('%s: every value read, each column shared and of its own size', async (_name, body) => {
    const text = `id,value\n${body}`;
    const table = await loadTable(write('sized.csv', Buffer.from(text)));
    const lines = body.trimEnd().split('\n');
    expect(table.rows).toBe(lines.length);
    const [id, value] = table.columns;
    if (id?.kind !== 'numeric' || value?.kind !== 'numeric') throw new Error('expected two numeric columns');
    expect(Array.from(id.values)).toEqual(lines.map((line) => Number(line.split(',')[0])));
    expect(Array.from(value.values)).toEqual(lines.map((line) => Number(line.split(',')[1])));
    for (const column of [id.values, value.values]) {
      expect(column.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(column.buffer.byteLength).toBeLessThan((column.length * 8) / 0.9 + 8);
    }
  });

  it('sets a file of rows like its sample aside once, at about its row count, and hands that array on', async () => {
    const body = rowsOf(100_000, 3, 0);
    const table = await loadTable(write('alike.csv', Buffer.from(`id,value\n${body}`)));
    expect(table.rows).toBe(100_000);
    for (const column of table.columns) {
      if (column.kind !== 'numeric') throw new Error('expected numeric columns');
      // Grown by doubling, the column would end in 131 072 slots and be copied down to 100 000.
      expect(column.values.buffer.byteLength).toBeGreaterThan(100_000 * 8);
      expect(column.values.buffer.byteLength).toBeLessThan(100_000 * 8 * 1.05);
    }
  });
});
