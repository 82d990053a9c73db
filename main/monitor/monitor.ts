import { cpus, freemem, totalmem } from 'node:os';
import type { MonitorSample } from '../../shared/monitor';
import { cpuTimes, cpuUsage, type CpuTimes } from './cpu-usage';

export interface MonitorOptions {
  intervalMs: number;
  onSample: (sample: MonitorSample) => void;
  now?: () => number;
}

/**
 * Samples CPU and memory on a timer. Ticks never overlap: the next one is scheduled only after
 * the previous one finished.
 */
export class Monitor {
  private timer: NodeJS.Timeout | undefined;
  private previous: CpuTimes[] = cpuTimes(cpus());
  private latestSample: MonitorSample | null = null;
  private running = false;

  constructor(private options: MonitorOptions) {}

  get latest(): MonitorSample | null {
    return this.latestSample;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  setInterval(intervalMs: number): void {
    this.options = { ...this.options, intervalMs };
    if (this.running) {
      clearTimeout(this.timer);
      this.schedule();
    }
  }

  sample(): MonitorSample {
    const current = cpuTimes(cpus());
    const cpu = cpuUsage(this.previous, current);
    this.previous = current;
    const total = totalmem();
    const sample: MonitorSample = {
      at: (this.options.now ?? Date.now)(),
      cpu,
      // Node reads MemAvailable on Linux, so page cache is not counted as used.
      memory: { totalBytes: total, usedBytes: total - freemem() },
    };
    this.latestSample = sample;
    return sample;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      if (!this.running) return;
      try {
        this.options.onSample(this.sample());
      } finally {
        if (this.running) this.schedule();
      }
    }, this.options.intervalMs);
    this.timer.unref?.();
  }
}
