import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ColumnBuilder } from './column-builder';
import { maxColumns } from './limits';
import { DatasetError, type Table } from './table';

/**
 * Reads a Parquet file one row group at a time (Snappy, gzip, Brotli, LZ4 and Zstandard pages),
 * so only one group's decoded values are held besides the columns being built.
 */
export async function loadParquet(path: string): Promise<Table> {
  let file;
  let metadata;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new DatasetError(`${path} is not a readable Parquet file: ${(error as Error).message}`);
  }
  const fields = parquetSchema(metadata).children;
  const nested = fields.filter((field) => field.children.length > 0).map((field) => field.element.name);
  if (nested.length) throw new DatasetError(`${path}: nested columns cannot be compared (${nested.join(', ')})`);
  if (fields.length > maxColumns) throw new DatasetError(`${path} has ${fields.length} columns; at most ${maxColumns} can be compared`);
  const names = fields.map((field) => field.element.name);
  const builders = names.map((name) => new ColumnBuilder(name));
  const rows = Number(metadata.num_rows);
  if (rows === 0) throw new DatasetError(`${path} has no rows`);

  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let values: unknown[][] = [];
    try {
      await parquetRead({
        file,
        metadata,
        compressors,
        rowStart,
        rowEnd,
        columns: names,
        onComplete: (data: unknown[][]) => {
          values = data;
        },
      });
    } catch (error) {
      throw new DatasetError(`${path}: cannot decode rows ${rowStart}–${rowEnd}: ${(error as Error).message}`);
    }
    for (const row of values) {
      for (let c = 0; c < builders.length; c++) {
        try {
          builders[c]!.addValue(row[c]);
        } catch (error) {
          throw new DatasetError(`${path}: column "${names[c]}" ${(error as Error).message}`);
        }
      }
    }
    rowStart = rowEnd;
  }
  return { source: path, rows, columns: builders.map((b) => b.build()), sha256: await sha256Of(path), format: 'Parquet' };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}
