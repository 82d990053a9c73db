import type { CpuInfo } from 'node:os';

export interface CpuTimes {
  busy: number;
  total: number;
}

export function cpuTimes(cpus: readonly CpuInfo[]): CpuTimes[] {
  return cpus.map(({ times }) => {
    const total = times.user + times.nice + times.sys + times.idle + times.irq;
    return { busy: total - times.idle, total };
  });
}

/** Busy share (0..100) per core between two readings, and over all cores. */
export function cpuUsage(before: readonly CpuTimes[], after: readonly CpuTimes[]): { total: number; perCore: number[] } {
  let busy = 0;
  let total = 0;
  const perCore = after.map((now, i) => {
    const prev = before[i] ?? { busy: 0, total: 0 };
    const dBusy = Math.max(0, now.busy - prev.busy);
    const dTotal = Math.max(0, now.total - prev.total);
    busy += dBusy;
    total += dTotal;
    return percent(dBusy, dTotal);
  });
  return { total: percent(busy, total), perCore };
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, (100 * part) / whole) : 0;
}
