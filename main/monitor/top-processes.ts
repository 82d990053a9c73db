import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { systemInformation } from './system-information';

export interface ProcessUsage {
  pid: number;
  name: string;
  cpuPercent: number;
  memoryBytes: number;
}

const clockTicksPerSecond = 100; // USER_HZ on every Linux architecture Vigil runs on
const pageBytes = 4096;
const shown = 5;

/**
 * The busiest processes by CPU and by memory. On Linux it reads /proc/[pid]/stat (CPU from the
 * change in utime + stime since the last call); elsewhere systeminformation.
 */
export class TopProcesses {
  private previous = new Map<number, number>();
  private previousAt = 0;

  constructor(
    private readonly linux = process.platform === 'linux',
    private readonly now: () => number = Date.now,
  ) {}

  async read(): Promise<{ byCpu: ProcessUsage[]; byMemory: ProcessUsage[] }> {
    const all = this.linux ? await this.readProc() : await this.readPortable();
    return {
      byCpu: [...all].sort((a, b) => b.cpuPercent - a.cpuPercent).slice(0, shown),
      byMemory: [...all].sort((a, b) => b.memoryBytes - a.memoryBytes).slice(0, shown),
    };
  }

  private async readProc(): Promise<ProcessUsage[]> {
    const at = this.now();
    const seconds = (at - this.previousAt) / 1000;
    const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
    const ticks = new Map<number, number>();
    // Synchronous on purpose: these are tiny memory-backed files (microseconds each), and a promise
    // per process costs far more than the read itself.
    const usage = pids.map((pidText) => {
        try {
          const stat = readFileSync(`/proc/${pidText}/stat`, 'utf8');
          const close = stat.lastIndexOf(')');
          const name = stat.slice(stat.indexOf('(') + 1, close);
          const f = stat.slice(close + 2).split(' ');
          const pid = Number(pidText);
          const total = Number(f[11]) + Number(f[12]); // utime + stime
          ticks.set(pid, total);
          const before = this.previous.get(pid);
          const cpuPercent = before !== undefined && seconds > 0 ? (100 * (total - before)) / clockTicksPerSecond / seconds : 0;
          return { pid, name, cpuPercent: Math.max(0, cpuPercent), memoryBytes: Number(f[21]) * pageBytes };
        } catch {
          return null; // the process ended while we looked
        }
      });
    this.previous = ticks;
    this.previousAt = at;
    return usage.filter((u) => u !== null);
  }

  private async readPortable(): Promise<ProcessUsage[]> {
    const { list } = await (await systemInformation()).processes();
    return list.map((p) => ({ pid: p.pid, name: p.name, cpuPercent: p.cpu, memoryBytes: p.memRss * 1024 }));
  }
}
