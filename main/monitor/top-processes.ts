import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
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
 * Beyond this many processes, the rest are opened and closed on each read rather than kept open: a
 * typical workstation's few hundred processes fit, and the descriptors the rest of Vigil needs
 * (the database, sockets, backups, nvidia-smi) keep their room under the lowest common limits.
 */
const maxKeptFiles = 512;

/**
 * The busiest processes by CPU and by memory. On Linux it reads /proc/[pid]/stat (CPU from the
 * change in utime + stime since the last call); elsewhere systeminformation.
 */
export class TopProcesses {
  private previous = new Map<number, number>();
  private previousAt = 0;
  /** /proc/PID/stat is one line of at most a few hundred bytes (the name is 15 characters at most). */
  private readonly buffer = Buffer.alloc(4096);
  /**
   * Each process's stat file, kept open: read again from its start it says what it says now, so a
   * read costs one system call instead of three. The descriptor belongs to that one process, so a
   * PID reused by a new process reads as an error (the old one ended) and is opened afresh.
   */
  private files = new Map<number, number>();

  constructor(
    private readonly linux = process.platform === 'linux',
    private readonly now: () => number = Date.now,
  ) {}

  async read(): Promise<{ byCpu: ProcessUsage[]; byMemory: ProcessUsage[] }> {
    const all = this.linux ? this.readProc() : await this.readPortable();
    return {
      byCpu: [...all].sort((a, b) => b.cpuPercent - a.cpuPercent).slice(0, shown),
      byMemory: [...all].sort((a, b) => b.memoryBytes - a.memoryBytes).slice(0, shown),
    };
  }

  private readProc(): ProcessUsage[] {
    const at = this.now();
    const seconds = (at - this.previousAt) / 1000;
    const ticks = new Map<number, number>();
    const usage: ProcessUsage[] = [];
    const files = new Map<number, number>();
    // Synchronous on purpose: these are tiny memory-backed files (microseconds each), and a promise
    // per process costs far more than the read itself.
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || pid <= 0) continue;
      const stat = this.readStat(pid, files);
      if (stat === null) continue; // the process ended while we looked
      // The name is in parentheses and may hold spaces or parentheses itself: fields start after the last ')'.
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const total = field(stat, close + 2, 11) + field(stat, close + 2, 12); // utime + stime
      ticks.set(pid, total);
      const before = this.previous.get(pid);
      const cpuPercent = before !== undefined && seconds > 0 ? (100 * (total - before)) / clockTicksPerSecond / seconds : 0;
      usage.push({ pid, name, cpuPercent: Math.max(0, cpuPercent), memoryBytes: field(stat, close + 2, 21) * pageBytes });
    }
    for (const [pid, fd] of this.files) if (files.get(pid) !== fd) closeSync(fd); // processes that ended
    this.files = files;
    this.previous = ticks;
    this.previousAt = at;
    return usage;
  }

  /** Closes the files kept open between reads. */
  close(): void {
    for (const fd of this.files.values()) closeSync(fd);
    this.files.clear();
  }

  /**
   * /proc/PID/stat read into the buffer this keeps (a few hundred bytes), through the file kept
   * open since the last read when there is one; null when the process is gone. The file stays open
   * in `files` while there is room.
   */
  private readStat(pid: number, files: Map<number, number>): string | null {
    const kept = this.files.get(pid);
    if (kept !== undefined) {
      try {
        const text = this.buffer.toString('utf8', 0, readSync(kept, this.buffer, 0, this.buffer.length, 0));
        files.set(pid, kept);
        return text;
      } catch {
        // that process ended; a new one may have its PID
      }
    }
    let fd: number;
    try {
      fd = openSync(`/proc/${pid}/stat`, 'r');
    } catch {
      return null;
    }
    let text: string | null = null;
    try {
      text = this.buffer.toString('utf8', 0, readSync(fd, this.buffer, 0, this.buffer.length, 0));
    } catch {
      // ended between the open and the read
    }
    if (text !== null && files.size < maxKeptFiles) files.set(pid, fd);
    else closeSync(fd);
    return text;
  }

  private async readPortable(): Promise<ProcessUsage[]> {
    const { list } = await (await systemInformation()).processes();
    return list.map((p) => ({ pid: p.pid, name: p.name, cpuPercent: p.cpu, memoryBytes: p.memRss * 1024 }));
  }
}

/** The numeric field `index` (0 = the state letter) of a /proc/PID/stat line whose fields start at `from`. */
function field(stat: string, from: number, index: number): number {
  let start = from;
  for (let i = 0; i < index && start > 0; i++) start = stat.indexOf(' ', start) + 1;
  if (start <= 0) return NaN;
  const end = stat.indexOf(' ', start);
  return Number(stat.slice(start, end < 0 ? undefined : end));
}
