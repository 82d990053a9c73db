import { AppError } from '../../shared/result';
import { DatasetError } from './load/table';

/** Bad input is the caller's to fix: a dataset the loader refuses comes back as invalid_request with its message. */
export async function refusingBadDatasets<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DatasetError) throw new AppError('invalid_request', error.message);
    throw error;
  }
}
