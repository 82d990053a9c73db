import { nextField } from './fields';

/** Jiffies per CPU from /proc/stat, in the kernel's column order. */
export interface CpuCounters {
  cpu: string; // "cpu" for the total, "cpu0", "cpu1", …
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export const cpuModes = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/**
 * The cpu lines, which the kernel prints first: read where they stand, field by field, so
 * the long lines after them (intr has a count per interrupt) are never split or copied. This runs
 * every second with one line per core.
 */
export function parseStat(text: string): { total: CpuCounters; cores: CpuCounters[] } {
  let total: CpuCounters | null = null;
  const cores: CpuCounters[] = [];
  const n = new Array<number>(8);
  const field = { start: 0, end: 0 };
  let at = 0;
  while (text.startsWith('cpu', at)) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    field.end = at;
    nextField(text, field, end);
    const cpu = text.slice(field.start, field.end);
    let fields = 0;
    while (fields < 8 && nextField(text, field, end)) {
      // Digits only: anything after them is not a number the kernel writes.
      let value = 0;
      for (let i = field.start, c = text.charCodeAt(i); i < field.end && c >= 48 && c <= 57; c = text.charCodeAt(++i)) value = value * 10 + (c - 48);
      n[fields++] = value;
    }
    n.fill(0, fields);
    const counters: CpuCounters = { cpu, user: n[0]!, nice: n[1]!, system: n[2]!, idle: n[3]!, iowait: n[4]!, irq: n[5]!, softirq: n[6]!, steal: n[7]! };
    if (cpu === 'cpu') total = counters;
    else cores.push(counters);
    at = end + 1;
  }
  if (!total) throw new Error('/proc/stat has no cpu line');
  return { total, cores };
}

/** Busy share 0..100 between two readings; idle and iowait count as not busy. */
export function busyPercent(before: CpuCounters, after: CpuCounters): number {
  const sum = (c: CpuCounters) => cpuModes.reduce((s, mode) => s + c[mode], 0);
  const idle = (c: CpuCounters) => c.idle + c.iowait;
  const total = sum(after) - sum(before);
  const busy = total - (idle(after) - idle(before));
  return total > 0 ? Math.min(100, Math.max(0, (100 * busy) / total)) : 0;
}

/** The kernel-wide counters of /proc/stat beside the CPU lines, and guest time per CPU. */
export interface KernelStat {
  bootTimeSeconds: number | null;
  contextSwitches: number | null;
  interrupts: number | null;
  forks: number | null;
  procsRunning: number | null;
  procsBlocked: number | null;
  /** Jiffies per core: guest and guest_nice (columns 9 and 10 of each cpuN line). */
  guest: { cpu: string; guest: number; guestNice: number }[];
}

export function parseKernelStat(text: string): KernelStat {
  const first = (key: string) => {
    const match = new RegExp(`^${key} (\\d+)`, 'm').exec(text);
    return match ? Number(match[1]) : null;
  };
  const guest = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (/^cpu\d+$/.test(f[0] ?? '') && f.length >= 11) guest.push({ cpu: f[0]!.slice(3), guest: Number(f[9]), guestNice: Number(f[10]) });
  }
  return {
    bootTimeSeconds: first('btime'),
    contextSwitches: first('ctxt'),
    interrupts: first('intr'),
    forks: first('processes'),
    procsRunning: first('procs_running'),
    procsBlocked: first('procs_blocked'),
    guest,
  };
}
