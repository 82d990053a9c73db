import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { GpuSample } from '../../../shared/monitor';
import { detailQueryFields, gpuQueryFields, parseComputeApps, parseGpuLine, parseGpuReadings } from './parse-nvidia-smi';

export type GpuState = 'starting' | 'ok' | 'absent' | 'failed';

export interface NvidiaSmiOptions {
  binary: string;
  intervalMs: number;
  /** How often the processes holding each GPU are listed (a separate, short-lived call). */
  processesIntervalMs: number;
  maxBackoffMs?: number;
}

/**
 * One long-lived `nvidia-smi --query-gpu=… -lms N` whose output is parsed as it streams. When it
 * dies it is restarted with backoff; when it is not installed, or no driver answers, that is the
 * normal "absent" state and nothing is retried.
 */
export class NvidiaSmiStream {
  private child: ChildProcess | null = null;
  private processQuery: ChildProcess | null = null;
  private readonly devices = new Map<number, Omit<GpuSample, 'processes'>>();
  /** GPU uuid → every numeric field of its last row, for /metrics. */
  readonly readings = new Map<string, Map<string, number>>();
  private processes = new Map<string, GpuSample['processes']>();
  private fields: readonly string[] = [...gpuQueryFields, ...detailQueryFields];
  private backoff = 1000;
  private restartTimer: NodeJS.Timeout | undefined;
  private processTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  state: GpuState = 'starting';
  message: string | null = null;
  /** Process listings that failed in a row: the processes shown are that many listings old. */
  processListFailures = 0;

  constructor(private readonly options: NvidiaSmiOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.launch();
    this.processTimer = setInterval(() => this.listProcesses(), this.options.processesIntervalMs);
    this.processTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.processTimer);
    this.child?.kill();
    this.child = null;
    this.processQuery?.kill('SIGKILL');
    this.processQuery = null;
  }

  get gpus(): GpuSample[] {
    return [...this.devices.values()]
      .sort((a, b) => a.index - b.index)
      .map((gpu) => ({ ...gpu, processes: this.processes.get(gpu.uuid) ?? [] }));
  }

  private launch(): void {
    const fields = this.fields;
    const args = [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits', `-lms`, String(this.options.intervalMs)];
    const child = spawn(this.options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const gpu = parseGpuLine(line, fields);
      if (!gpu) return;
      this.devices.set(gpu.index, gpu);
      this.readings.set(gpu.uuid, parseGpuReadings(line, fields)!);
      this.state = 'ok';
      this.message = null;
      this.backoff = 1000;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') this.settle('absent', 'no NVIDIA GPU found (nvidia-smi is not installed)');
      else this.retry(`nvidia-smi could not start: ${error.message}`);
    });
    // 'close', not 'exit': stderr must be read to the end before deciding why it stopped.
    child.on('close', (code) => {
      if (this.child !== child || this.stopped) return;
      this.child = null;
      const refused = /Field "([^"]+)" is not a valid field/i.exec(stderr)?.[1];
      if (refused && this.fields.includes(refused) && !['index', 'uuid', 'name'].includes(refused)) {
        this.fields = this.fields.filter((f) => f !== refused); // an older driver: ask again without that field
        this.launch();
      } else if (/couldn't communicate with the NVIDIA driver|No devices were found/i.test(stderr)) {
        this.settle('absent', 'no NVIDIA GPU found (no driver answered)');
      } else {
        this.retry(`nvidia-smi stopped (exit ${code})${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`);
      }
    });
  }

  private settle(state: GpuState, message: string): void {
    this.state = state;
    this.message = message;
    this.devices.clear();
    this.readings.clear();
    this.child = null;
  }

  private retry(message: string): void {
    if (this.stopped) return;
    this.state = 'failed';
    this.message = message;
    this.restartTimer = setTimeout(() => !this.stopped && this.launch(), this.backoff);
    this.restartTimer.unref();
    this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 60_000);
  }

  /** One query at a time: a hung nvidia-smi is not joined by another every interval, and stop() ends it. */
  private listProcesses(): void {
    if (this.state !== 'ok' || this.processQuery) return;
    const args = ['--query-compute-apps=gpu_uuid,pid,process_name,used_memory', '--format=csv,noheader,nounits'];
    const query = execFile(this.options.binary, args, { timeout: 5000, killSignal: 'SIGKILL' }, (error, stdout) => {
      if (this.processQuery !== query) return; // ended by stop(): its outcome belongs to no one
      this.processQuery = null;
      if (error) {
        this.processListFailures++;
        return;
      }
      this.processListFailures = 0;
      this.processes = parseComputeApps(stdout);
    });
    this.processQuery = query;
  }
}
