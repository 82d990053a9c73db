import type { FileHandle } from 'node:fs/promises';
import { isPlainObject } from '../../../shared/deep-partial';
import { openBytes, type Compression } from './byte-source';
import { ColumnBuilder } from './column-builder';
import { maxColumns, maxLineChars, maxLineLabel } from './limits';
import { DatasetError, type Table } from './table';
import { textDecoding } from './text-encoding';

/**
 * Streams JSON Lines (UTF-8, as JSON requires; a BOM is dropped): one object per line. A key that
 * first appears later gets missing values for the rows before it; a row without a key is missing there.
 */
export async function loadJsonLines(path: string, name: string, compression: Compression, handle?: FileHandle): Promise<Table> {
  const builders = new Map<string, ColumnBuilder>();
  let rows = 0;
  let line = 0;
  const addLine = (text: string) => {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (trimmed === '') return;
    let record: unknown;
    try {
      record = JSON.parse(trimmed);
    } catch (error) {
      throw new DatasetError(`${name} line ${line}: not valid JSON (${(error as Error).message})`);
    }
    if (!isPlainObject(record)) throw new DatasetError(`${name} line ${line}: expected a JSON object per line`);
    for (const [key, value] of Object.entries(record)) {
      let builder = builders.get(key);
      if (!builder) {
        if (builders.size === maxColumns) throw new DatasetError(`${name} line ${line}: more than ${maxColumns} distinct keys; at most ${maxColumns} columns can be compared`);
        builder = new ColumnBuilder(key);
        for (let i = 0; i < rows; i++) builder.addMissing();
        builders.set(key, builder);
      }
      try {
        builder.addValue(value);
      } catch (error) {
        throw new DatasetError(`${name} line ${line}: field "${key}" ${(error as Error).message}`);
      }
    }
    rows++;
    for (const builder of builders.values()) if (builder.rows < rows) builder.addMissing();
  };

  const source = openBytes(path, compression, handle);
  const decoding = textDecoding('utf-8', `${name} is not UTF-8, which JSON Lines must be`);
  let pending = '';
  const push = (text: string) => {
    const data = pending + text;
    let start = 0;
    for (let end = data.indexOf('\n'); end >= 0; end = data.indexOf('\n', start)) {
      addLine(data.slice(start, end));
      start = end + 1;
    }
    pending = data.slice(start);
    if (pending.length > maxLineChars) throw new DatasetError(`${name} line ${line + 1} is longer than ${maxLineLabel}`);
  };
  try {
    for await (const chunk of source.chunks) push(decoding.write(chunk));
    push(decoding.end());
    if (pending !== '') addLine(pending);
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`cannot read ${name}: ${(error as Error).message}`);
  } finally {
    source.close();
  }
  if (rows === 0) throw new DatasetError(`${name} is empty: expected one JSON object per line`);
  const packed = compression === 'gzip' ? 'gzip-compressed ' : compression === 'zstd' ? 'Zstandard-compressed ' : '';
  return { source: name, rows, columns: [...builders.values()].map((b) => b.build()), sha256: source.sha256(), format: `${packed}JSON Lines, UTF-8` };
}
