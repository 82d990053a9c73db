import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../../main/workers/worker-pool';
import { writeCsv } from '../../../helpers/dataset-files';
import { tempDir } from '../../../helpers/temp-dir';

/** 10 columns × 100 000 rows, every value a distinct category: the loader keeps each string on the worker's heap. */
async function distinctValues(): Promise<string> {
  const path = join(tempDir(), 'distinct.csv');
  const out = createWriteStream(path);
  out.write(Array.from({ length: 10 }, (_, c) => `c${c}`).join(',') + '\n');
  for (let i = 0; i < 100_000; i++) out.write(Array.from({ length: 10 }, (_, c) => `v${c}-${i}-abcdefgh`).join(',') + '\n');
  await new Promise((resolve) => out.end(resolve));
  return path;
}

describe('worker memory limits', () => {
  const pool = new WorkerPool('drift/drift-worker', 1, { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 16 });
  afterAll(() => pool.close());

  it('stop a job that needs more heap than allowed with a clear error; the process and the pool carry on', async () => {
    await expect(pool.run({ type: 'load', path: await distinctValues(), name: 'distinct.csv' })).rejects.toThrow(/more than the 32 MiB a worker may use/);
    const small = writeCsv('small.csv', ['x'], [[1], [2], [3]]);
    await expect(pool.run({ type: 'load', path: small, name: 'small.csv' })).resolves.toMatchObject({ rows: 3 });
  }, 60_000);

  it('starts its workers ahead of any job when asked, and runs jobs on them', async () => {
    const ahead = new WorkerPool('drift/drift-worker', 2);
    expect(ahead.threads).toBe(0);
    ahead.start();
    expect(ahead.threads).toBe(2);
    const small = writeCsv('ahead.csv', ['x'], [[4], [5]]);
    await expect(ahead.run({ type: 'load', path: small, name: 'ahead.csv' })).resolves.toMatchObject({ rows: 2 });
    expect(ahead.threads).toBe(2);
    await ahead.close();
    await expect(ahead.run({ type: 'load', path: small, name: 'ahead.csv' })).rejects.toThrow(/closed/);
  }, 60_000);

  it('fails the job a worker is running when the pool closes, instead of leaving it pending', async () => {
    const closing = new WorkerPool('drift/drift-worker', 1);
    const outcome = closing.run({ type: 'load', path: await distinctValues(), name: 'distinct.csv' }).then(
      () => 'finished',
      (error: Error) => error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // the worker has it
    await closing.close();
    expect(await outcome).toBe('the worker pool is closed');
  }, 60_000);
});
