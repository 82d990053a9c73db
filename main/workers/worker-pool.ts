import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';

/** What a worker posts back for each job. */
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string } };

export class WorkerJobError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

// Run from source (tsx, vitest) the workers are .ts files next to their engine and need tsx's
// loader; bundled (electron-vite), each worker entry is a .js file beside the main bundle.
const fromSource = import.meta.url.endsWith('.ts');

/**
 * Each worker's heap is capped, so a hostile or enormous dataset ends that worker with a clear
 * error instead of taking the whole process (and every engine in it) down with V8's heap limit.
 * Column data lives in shared or transferred buffers, outside this heap.
 */
export const defaultWorkerLimits: ResourceLimits = { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 };

function startWorker(entry: string, resourceLimits: ResourceLimits): Worker {
  if (fromSource) {
    // Node 20 does not carry --import hooks into worker threads, so register tsx inside the thread.
    const api = tsxEsmApi();
    const source = new URL(`../${entry}.ts`, import.meta.url).href;
    const bootstrap = `(async () => { (await import(${JSON.stringify(api)})).register(); await import(${JSON.stringify(source)}); })()`;
    return new Worker(bootstrap, { eval: true, resourceLimits });
  }
  return new Worker(new URL(`./${basename(entry)}.js`, import.meta.url), { resourceLimits });
}

/** tsx's ESM register API, as its package exports name it (require.resolve would pick the CommonJS one). */
function tsxEsmApi(): string {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifestPath), manifest.exports['./esm/api']!.import.default)).href;
}

interface Job {
  id: number;
  message: object;
  transfer: TransferListItem[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * A fixed number of worker threads for CPU-heavy work, started on first use and kept for the next
 * jobs. A worker that dies fails its job and is replaced.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private started = 0;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly entry: string,
    private readonly size = Math.max(1, Math.min(availableParallelism(), 8)),
    private readonly limits: ResourceLimits = defaultWorkerLimits,
  ) {}

  /** How many worker threads it runs at most. */
  get capacity(): number {
    return this.size;
  }

  /** How many jobs wait for a worker. */
  get waiting(): number {
    return this.queue.length;
  }

  /** How many worker threads are running. */
  get threads(): number {
    return this.started;
  }

  /** Starts every worker now rather than at the first jobs, so their start-up overlaps the caller's. */
  start(): this {
    while (!this.closed && this.started < this.size) this.idle.push(this.spawn());
    return this;
  }

  run<T>(message: object, transfer: TransferListItem[] = []): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, message, transfer, resolve: resolve as (value: unknown) => void, reject });
      this.pump();
    });
  }

  /** Stops every worker; jobs queued or running fail with "the worker pool is closed". */
  async close(): Promise<void> {
    this.closed = true;
    const jobs = [...this.queue.splice(0), ...this.busy.values()];
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    this.busy.clear();
    for (const job of jobs) job.reject(new Error('the worker pool is closed'));
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker && this.started < this.size) worker = this.spawn();
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage({ ...job.message, id: job.id }, job.transfer);
    }
  }

  private spawn(): Worker {
    const worker = startWorker(this.entry, this.limits);
    this.started++;
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const job = this.busy.get(worker);
      if (!job || job.id !== reply.id) return;
      this.busy.delete(worker);
      if (reply.ok) job.resolve(reply.value);
      else job.reject(new WorkerJobError(reply.error.name, reply.error.message));
      if (!this.closed) {
        this.idle.push(worker);
        this.pump();
      }
    });
    const fail = (error: Error) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.started--;
      job?.reject(error);
      if (!this.closed) this.pump();
    };
    worker.on('error', (error: Error & { code?: string }) =>
      fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(`the work needed more than the ${this.limits.maxOldGenerationSizeMb} MiB a worker may use, and was stopped`) : error),
    );
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`a worker stopped unexpectedly (exit ${code})`));
    });
    return worker;
  }
}
