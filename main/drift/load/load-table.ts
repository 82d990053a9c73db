import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ReadOptions } from '../../../shared/drift';
import { compressionOf } from './byte-source';
import { loadDelimited } from './csv';
import { loadJsonLines } from './jsonl';
import { loadParquet } from './parquet';
import { DatasetError, type Table } from './table';

export const supportedExtensions = ['.csv', '.tsv', '.tab', '.txt', '.parquet', '.pq', '.jsonl', '.ndjson'] as const;
/** Text formats may also come gzip- or Zstandard-compressed: `.csv.gz`, `.jsonl.zst`. */
export const compressedSuffixes = ['.gz', '.zst'] as const;

/**
 * Loads a dataset by its extension, after checking it is a readable regular file. With `noFollow`
 * the file is opened once, refusing a link (O_NOFOLLOW), and read only through that handle: a file
 * swapped for a link after the caller checked its path is never read.
 */
export async function loadTable(path: string, name = path, read: ReadOptions = {}, noFollow = false): Promise<Table> {
  const { compression, inner } = compressionOf(name);
  const extension = extname(inner).toLowerCase();
  const parquet = extension === '.parquet' || extension === '.pq';
  if (!(supportedExtensions as readonly string[]).includes(extension) || (parquet && compression)) {
    const shown = compression && !parquet ? extname(name).toLowerCase() : extension;
    throw new DatasetError(
      `${name}: unsupported file type "${(compression ? extension + shown : shown) || 'none'}"; use CSV, TSV, Parquet or JSON Lines (text formats may end in .gz or .zst)`,
    );
  }
  let info;
  let handle: FileHandle | undefined;
  try {
    if (noFollow) {
      // O_NONBLOCK: a FIFO swapped in opens at once (and is refused below) instead of waiting for a writer.
      handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      info = await handle.stat();
    } else info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new DatasetError(`${name} is a link, and links are not followed here`);
    throw new DatasetError(code === 'ENOENT' ? `${name}: no such file` : `${name}: cannot read it (${code ?? (error as Error).message})`);
  }
  try {
    if (!info.isFile()) throw new DatasetError(`${name}: not a regular file`);
    if (info.size === 0) throw new DatasetError(`${name} is empty`);
    if (parquet) return { ...(await loadParquet(path, handle)), source: name };
    if (extension === '.jsonl' || extension === '.ndjson') return await loadJsonLines(path, name, compression, handle);
    return await loadDelimited({ path, name, compression, given: read, fallbackDelimiter: extension === '.tsv' || extension === '.tab' ? '\t' : ',', handle, ...(!compression && { size: info.size }) });
  } finally {
    await handle?.close();
  }
}
