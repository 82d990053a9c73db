// Only what the files' loading needs is imported up front; the app, the report formats and the
// schemas load while the workers read.
import type { DriftReport } from '../../shared/drift';
import type { WorkerPool } from '../workers/worker-pool';
import { loadInWorker, type DatasetFile } from '../drift/load-in-worker';
import type { DriftArgs } from './drift-args';
import { ProgressBar } from './progress-bar';
import { UsageError } from './usage-error';

/**
 * `vigil drift` with its arguments read, on `pool`, workers the CLI entry started before this
 * module loaded. Both files start loading at once, and the app loads while the workers read them;
 * the app closes the workers when it is disposed.
 */
export async function driftCommand(dataDir: string, request: DriftArgs, pool: WorkerPool): Promise<number> {
  const { options, format, html, failOn, referencePath, currentPath } = request;
  const reference: DatasetFile = { path: referencePath, name: referencePath };
  const current: DatasetFile = { path: currentPath, name: currentPath };
  const loads = new Map([reference, current].map((file) => [file, loadInWorker(pool, file, options.read)]));
  for (const load of loads.values()) load.catch(() => {}); // awaited by the run; until then not unhandled
  const started = await closingOnFailure(pool, async () => {
    const [{ createApp }, { AppError }, { writeDriftReport }] = await Promise.all([import('../app'), import('../../shared/result'), import('./drift-output')]);
    return { app: createApp({ dataDir, host: 'cli', live: false, driftPool: pool }), AppError, writeDriftReport };
  });
  // From here on the app closes the workers.
  const { app, AppError, writeDriftReport } = started;
  const bar = process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  const stopProgress = app.events.on('drift.progress', (p) => {
    if (p.phase === 'testing') bar?.update(p.done, p.total, p.feature ? `tested ${p.feature}` : 'testing');
    else if (p.phase === 'loading') bar?.update(0, 1, 'loading');
  });
  let report: DriftReport;
  try {
    report = await app.drift.runFiles({ reference, current, options }, undefined, (file) => loads.get(file) ?? loadInWorker(pool, file, options.read));
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_request') throw new UsageError(error.message);
    throw error;
  } finally {
    stopProgress();
    bar?.clear();
    await app.dispose();
  }
  return writeDriftReport(report, format, html, failOn);
}

/** `start()`, closing the workers if it fails (nothing else would: the app that owns them does not exist). */
async function closingOnFailure<T>(pool: WorkerPool, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    await pool.close();
    throw error;
  }
}
