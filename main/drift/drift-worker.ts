// Worker thread entry: loads datasets and tests features off the main thread.
import { parentPort } from 'node:worker_threads';
import type { ReadOptions } from '../../shared/drift';
import type { WorkerReply } from '../workers/worker-pool';
import { featureStatistics } from './feature-statistics';
import { sortedPresent } from './stats/sort-float64';
import type { FeatureTask } from './feature-task';
import { loadTable } from './load/load-table';

export type DriftJob =
  | { type: 'load'; path: string; name: string; read?: ReadOptions; noFollow?: boolean }
  | { type: 'sort'; values: Float64Array }
  | { type: 'feature'; task: FeatureTask };

parentPort!.on('message', async (job: DriftJob & { id: number }) => {
  try {
    if (job.type === 'load') {
      const table = await loadTable(job.path, job.name, job.read, job.noFollow);
      // Its columns are in shared memory (load/shared-arrays.ts): posted without a copy.
      parentPort!.postMessage({ id: job.id, ok: true, value: table } satisfies WorkerReply);
    } else if (job.type === 'sort') {
      // Sorted into shared memory, so it goes on to the feature's worker without a copy.
      parentPort!.postMessage({ id: job.id, ok: true, value: sortedPresent(job.values, true) } satisfies WorkerReply);
    } else {
      parentPort!.postMessage({ id: job.id, ok: true, value: featureStatistics(job.task) } satisfies WorkerReply);
    }
  } catch (error) {
    const { name, message } = error as Error;
    parentPort!.postMessage({ id: job.id, ok: false, error: { name: name ?? 'Error', message: message ?? String(error) } } satisfies WorkerReply);
  }
});
