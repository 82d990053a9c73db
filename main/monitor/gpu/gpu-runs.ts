import { readFileSync } from 'node:fs';
import type { GpuProcessRun as GpuRun } from '../../../shared/foresight';
import type { GpuSample } from '../../../shared/monitor';

export type GpuRunEvent =
  | { type: 'stalled'; run: GpuRun; at: number }
  | { type: 'cleared'; run: GpuRun; at: number; reason: 'busy' | 'exited' }
  | { type: 'ended'; run: GpuRun; at: number };

export interface GpuRunsOptions {
  /** Utilisation (percent) under which a GPU counts as idle, and how long idle means stalled. */
  stall: () => { utilizationPercent: number; afterMs: number };
  onEvent: (event: GpuRunEvent) => void;
  /** The command line of a process, null when it cannot be read. */
  commandLine?: (pid: number) => string | null;
}

const maxCommandLine = 500;

const secretName = /(token|secret|passw(or)?d|api[-_]?key|credential|auth)/i;

/**
 * The arguments with the values of secret-looking options masked (`--api-key=…`, `--password …`,
 * `HF_TOKEN=…`): a command line travels in alerts to webhooks and mail.
 */
export function maskSecrets(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const eq = arg.indexOf('=');
    if (eq > 0 && secretName.test(arg.slice(0, eq))) return `${arg.slice(0, eq + 1)}***`;
    const previous = args[i - 1];
    if (previous !== undefined && /^--?[\w-]+$/.test(previous) && secretName.test(previous) && !arg.startsWith('-')) return '***';
    return arg;
  });
}

/**
 * /proc/PID/cmdline with its NUL separators as spaces and secret-looking values masked; null when
 * the process is gone or not ours to read.
 */
export function readCommandLine(pid: number, procRoot = '/proc'): string | null {
  try {
    const args = readFileSync(`${procRoot}/${pid}/cmdline`, 'latin1').replace(/\0+$/, '').split('\0');
    const text = maskSecrets(args).join(' ').trim();
    if (!text) return null; // kernel threads and zombies have none
    return text.length > maxCommandLine ? `${text.slice(0, maxCommandLine)}…` : text;
  } catch {
    return null;
  }
}

/**
 * Follows each GPU process from one nvidia-smi reading to the next: a process that holds memory
 * while its GPUs stay idle is a run that may be stalled; one that leaves the list has ended. Only
 * readings of a working nvidia-smi should be observed: a failed poll says nothing about the processes.
 */
export class GpuRuns {
  private readonly tracked = new Map<number, GpuRun>();
  private readonly commandLine: (pid: number) => string | null;

  constructor(private readonly options: GpuRunsOptions) {
    this.commandLine = options.commandLine ?? ((pid) => readCommandLine(pid));
  }

  observe(at: number, gpus: readonly GpuSample[]): void {
    const present = new Map<number, { name: string; memory: number | null; gpus: GpuSample[] }>();
    for (const gpu of gpus) {
      for (const p of gpu.processes) {
        const seen = present.get(p.pid) ?? { name: p.name, memory: null, gpus: [] };
        if (p.memoryBytes !== null) seen.memory = (seen.memory ?? 0) + p.memoryBytes;
        seen.gpus.push(gpu);
        present.set(p.pid, seen);
      }
    }
    for (const [pid, run] of this.tracked) {
      const now = present.get(pid);
      // The same pid under another name is another process: the first one has ended.
      if (!now || now.name !== run.name) this.end(run, at);
    }
    const { utilizationPercent, afterMs } = this.options.stall();
    for (const [pid, p] of present) {
      let run = this.tracked.get(pid);
      if (!run) {
        run = { pid, name: p.name, commandLine: this.commandLine(pid), gpus: [], firstSeenAt: at, lastSeenAt: at, peakMemoryBytes: null, idleSince: null, stalled: false };
        this.tracked.set(pid, run);
      }
      run.lastSeenAt = at;
      run.gpus = p.gpus.map((g) => g.index).sort((a, b) => a - b);
      if (p.memory !== null) run.peakMemoryBytes = Math.max(run.peakMemoryBytes ?? 0, p.memory);
      // Memory not reported (some containers) still counts as held: the process has a context on the GPU.
      const holdsMemory = p.memory === null || p.memory > 0;
      // An unknown utilisation is not idleness.
      const idle = holdsMemory && p.gpus.every((g) => g.utilization !== null && g.utilization < utilizationPercent);
      if (!idle) {
        run.idleSince = null;
        if (run.stalled) {
          run.stalled = false;
          this.options.onEvent({ type: 'cleared', run: { ...run }, at, reason: 'busy' });
        }
        continue;
      }
      run.idleSince ??= at;
      if (!run.stalled && at - run.idleSince >= afterMs) {
        run.stalled = true;
        this.options.onEvent({ type: 'stalled', run: { ...run }, at });
      }
    }
  }

  /** The processes followed now, longest running first. */
  runs(): GpuRun[] {
    return [...this.tracked.values()].sort((a, b) => a.firstSeenAt - b.firstSeenAt).map((r) => ({ ...r }));
  }

  private end(run: GpuRun, at: number): void {
    this.tracked.delete(run.pid);
    if (run.stalled) this.options.onEvent({ type: 'cleared', run: { ...run }, at, reason: 'exited' });
    this.options.onEvent({ type: 'ended', run: { ...run }, at });
  }
}
