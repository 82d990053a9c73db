import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { AsyncBuffer } from 'hyparquet';
import { ColumnBuilder, upfrontRows } from './column-builder';
import { maxColumns } from './limits';
import { DatasetError, type Table } from './table';

/**
 * Reads a Parquet file one row group at a time (Snappy, gzip, Brotli, LZ4 and Zstandard pages),
 * so only one group's decoded values are held besides the columns being built.
 */
export async function loadParquet(path: string, handle?: FileHandle): Promise<Table> {
  // Loaded on first use, so a worker reading CSV does not load the Parquet reader and its codecs.
  const [{ asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema }, { compressors }] = await Promise.all([
    import('hyparquet'),
    import('hyparquet-compressors'),
  ]);
  let file;
  let metadata;
  try {
    file = handle ? await bufferOfHandle(handle) : await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new DatasetError(`${path} is not a readable Parquet file: ${(error as Error).message}`);
  }
  const fields = parquetSchema(metadata).children;
  const nested = fields.filter((field) => field.children.length > 0).map((field) => field.element.name);
  if (nested.length) throw new DatasetError(`${path}: nested columns cannot be compared (${nested.join(', ')})`);
  if (fields.length > maxColumns) throw new DatasetError(`${path} has ${fields.length} columns; at most ${maxColumns} can be compared`);
  const names = fields.map((field) => field.element.name);
  const rows = Number(metadata.num_rows);
  const groupRows = metadata.row_groups.reduce((sum, group) => sum + Number(group.num_rows), 0);
  if (!Number.isSafeInteger(rows) || rows < 0 || rows !== groupRows) {
    throw new DatasetError(`${path} is not a readable Parquet file: it states ${metadata.num_rows ?? 'no'} rows, its row groups ${groupRows}`);
  }
  if (rows === 0) throw new DatasetError(`${path} has no rows`);
  // The file says how many rows it holds: each column is set aside at that size (within a cap, as
  // the count is the file's word), so it is never copied to a larger array.
  const builders = names.map((name) => new ColumnBuilder(name, false, upfrontRows(rows, names.length)));

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
  return { source: path, rows, columns: builders.map((b) => b.build()), sha256: await sha256Of(path, handle), format: 'Parquet' };
}

async function sha256Of(path: string, handle?: FileHandle): Promise<string> {
  const hash = createHash('sha256');
  const stream = handle ? handle.createReadStream({ start: 0, highWaterMark: 1 << 20, autoClose: false }) : createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/** An opened file as the Parquet reader's random-access buffer: every slice is read from the same handle. */
async function bufferOfHandle(handle: FileHandle): Promise<AsyncBuffer> {
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start: number, end = size) {
      const bytes = Buffer.alloc(Math.max(0, end - start));
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + done);
    },
  };
}
