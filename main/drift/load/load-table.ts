import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { loadDelimited } from './csv';
import { loadJsonLines } from './jsonl';
import { loadParquet } from './parquet';
import { DatasetError, type Table } from './table';

export const supportedExtensions = ['.csv', '.tsv', '.tab', '.parquet', '.pq', '.jsonl', '.ndjson'] as const;

/** Loads a dataset by its extension, after checking it is a readable regular file. */
export async function loadTable(path: string, name = path): Promise<Table> {
  const extension = extname(name).toLowerCase();
  if (!(supportedExtensions as readonly string[]).includes(extension)) {
    throw new DatasetError(`${name}: unsupported file type "${extension || 'none'}"; use CSV, TSV, Parquet or JSON Lines`);
  }
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(code === 'ENOENT' ? `${name}: no such file` : `${name}: cannot read it (${code ?? (error as Error).message})`);
  }
  if (!info.isFile()) throw new DatasetError(`${name}: not a regular file`);
  if (info.size === 0) throw new DatasetError(`${name} is empty`);
  const table =
    extension === '.parquet' || extension === '.pq'
      ? await loadParquet(path)
      : extension === '.jsonl' || extension === '.ndjson'
        ? await loadJsonLines(path)
        : await loadDelimited(path, extension === '.csv' ? ',' : '\t');
  return { ...table, source: name };
}
