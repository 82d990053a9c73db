import { compileOnWorkerThreads } from '../workers/compile-on-worker-threads';
import { WorkerPool } from '../workers/worker-pool';

/**
 * The workers of a one-shot `vigil drift`, started before the command's own modules and the app
 * load: their start-up (a thread, its bundle) then overlaps that loading instead of following it.
 */
export function startDriftWorkers(): WorkerPool {
  compileOnWorkerThreads();
  return new WorkerPool('drift/drift-worker').start();
}
