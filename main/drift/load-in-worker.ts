import type { ReadOptions } from '../../shared/drift';
import { WorkerJobError, type WorkerPool } from '../workers/worker-pool';
import type { DriftJob } from './drift-worker';
import { concatTables } from './load/concat-tables';
import { DatasetError, type Table } from './load/table';

export interface DatasetFile {
  /** Where to read it. */
  path: string;
  /** How to name it to people (the original file name of an upload). */
  name: string;
  /** Several files read as one dataset (`path` is then their folder or glob, for messages). */
  parts?: string[];
  /** Refuse to read through a link (a confined watch's files, checked by their real paths just before). */
  noFollow?: boolean;
}

/** Loads a dataset in a worker; dataset errors keep their type so callers can tell bad input from bugs. */
export async function loadInWorker(pool: WorkerPool, file: DatasetFile, read?: ReadOptions): Promise<Table> {
  if (file.parts) {
    const tables = await Promise.all(file.parts.map((part) => loadInWorker(pool, { path: part, name: part, noFollow: file.noFollow }, read)));
    return concatTables(tables, file.name);
  }
  try {
    return await pool.run<Table>({ type: 'load', path: file.path, name: file.name, ...(read && { read }), ...(file.noFollow && { noFollow: true }) } satisfies DriftJob);
  } catch (error) {
    throw asDatasetError(error);
  }
}

/** A worker's DatasetError back as one (a worker's errors arrive as WorkerJobError). */
export function asDatasetError(error: unknown): Error {
  if (error instanceof WorkerJobError && error.name === 'DatasetError') return new DatasetError(error.message);
  return error as Error;
}
