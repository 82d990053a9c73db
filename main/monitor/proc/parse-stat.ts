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

export function parseStat(text: string): { total: CpuCounters; cores: CpuCounters[] } {
  let total: CpuCounters | null = null;
  const cores: CpuCounters[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const [cpu, ...fields] = line.trim().split(/\s+/);
    const n = fields.map(Number);
    const counters: CpuCounters = {
      cpu: cpu!,
      user: n[0] ?? 0,
      nice: n[1] ?? 0,
      system: n[2] ?? 0,
      idle: n[3] ?? 0,
      iowait: n[4] ?? 0,
      irq: n[5] ?? 0,
      softirq: n[6] ?? 0,
      steal: n[7] ?? 0,
    };
    if (cpu === 'cpu') total = counters;
    else cores.push(counters);
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
