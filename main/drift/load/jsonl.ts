import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isPlainObject } from '../../../shared/deep-partial';
import { ColumnBuilder } from './column-builder';
import { DatasetError, type Table } from './table';

/**
 * Streams JSON Lines: one object per line. A key that first appears later gets missing values for
 * the rows before it; a row without a key is missing there.
 */
export async function loadJsonLines(path: string): Promise<Table> {
  const builders = new Map<string, ColumnBuilder>();
  let rows = 0;
  let line = 0;
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      line++;
      const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
      if (trimmed === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(trimmed);
      } catch (error) {
        throw new DatasetError(`${path} line ${line}: not valid JSON (${(error as Error).message})`);
      }
      if (!isPlainObject(record)) throw new DatasetError(`${path} line ${line}: expected a JSON object per line`);
      for (const [key, value] of Object.entries(record)) {
        let builder = builders.get(key);
        if (!builder) {
          builder = new ColumnBuilder(key);
          for (let i = 0; i < rows; i++) builder.addMissing();
          builders.set(key, builder);
        }
        try {
          builder.addValue(value);
        } catch (error) {
          throw new DatasetError(`${path} line ${line}: field "${key}" ${(error as Error).message}`);
        }
      }
      rows++;
      for (const builder of builders.values()) if (builder.rows < rows) builder.addMissing();
    }
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`cannot read ${path}: ${(error as Error).message}`);
  } finally {
    input.destroy();
  }
  if (rows === 0) throw new DatasetError(`${path} is empty: expected one JSON object per line`);
  return { source: path, rows, columns: [...builders.values()].map((b) => b.build()) };
}
