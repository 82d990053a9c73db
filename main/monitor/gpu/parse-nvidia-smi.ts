import type { GpuSample } from '../../../shared/monitor';

/** The --query-gpu fields, in this order; the last one is dropped for drivers that do not know it. */
export const gpuQueryFields = [
  'index', 'uuid', 'name', 'utilization.gpu', 'utilization.memory', 'memory.used', 'memory.total', 'temperature.gpu',
  'power.draw', 'power.limit', 'clocks.sm', 'clocks.mem', 'fan.speed', 'pstate', 'clocks_throttle_reasons.active',
] as const;

const throttleBits: [number, string][] = [
  [0x1, 'gpu_idle'],
  [0x2, 'applications_clocks_setting'],
  [0x4, 'sw_power_cap'],
  [0x8, 'hw_slowdown'],
  [0x10, 'sync_boost'],
  [0x20, 'sw_thermal_slowdown'],
  [0x40, 'hw_thermal_slowdown'],
  [0x80, 'hw_power_brake_slowdown'],
  [0x100, 'display_clock_setting'],
];

const mib = 1024 * 1024;

/** A number, or null for the placeholders nvidia-smi prints ("[N/A]", "[Not Supported]", …). */
function numberOrNull(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text.trim());
  return text.trim() === '' || text.includes('[') || !Number.isFinite(value) ? null : value;
}

/** One line of `--format=csv,noheader,nounits` output, or null for lines that are not GPU rows. */
export function parseGpuLine(line: string, fieldCount: number = gpuQueryFields.length): Omit<GpuSample, 'processes'> | null {
  const f = line.split(',').map((s) => s.trim());
  if (f.length !== fieldCount) return null;
  const index = numberOrNull(f[0]);
  if (index === null || !f[1]!.startsWith('GPU-')) return null;
  const used = numberOrNull(f[5]);
  const total = numberOrNull(f[6]);
  let throttleReasons: string[] | null = null;
  if (fieldCount > 14 && /^0x[0-9a-f]+$/i.test(f[14]!)) {
    const mask = Number.parseInt(f[14]!.slice(2), 16);
    throttleReasons = throttleBits.filter(([bit]) => mask & bit).map(([, name]) => name);
  }
  return {
    index,
    uuid: f[1]!,
    name: f[2]!,
    utilization: numberOrNull(f[3]),
    memoryUtilization: numberOrNull(f[4]),
    memoryUsedBytes: used === null ? null : used * mib,
    memoryTotalBytes: total === null ? null : total * mib,
    temperature: numberOrNull(f[7]),
    powerWatts: numberOrNull(f[8]),
    powerLimitWatts: numberOrNull(f[9]),
    smClockMHz: numberOrNull(f[10]),
    memoryClockMHz: numberOrNull(f[11]),
    fanPercent: numberOrNull(f[12]),
    pstate: f[13] && !f[13].includes('[') ? f[13] : null,
    throttleReasons,
  };
}

/** `--query-compute-apps=gpu_uuid,pid,process_name,used_memory` output, grouped by GPU uuid. */
export function parseComputeApps(text: string): Map<string, GpuSample['processes']> {
  const out = new Map<string, GpuSample['processes']>();
  for (const line of text.split('\n')) {
    const f = line.split(',').map((s) => s.trim());
    if (f.length < 4 || !f[0]!.startsWith('GPU-')) continue;
    const pid = numberOrNull(f[1]);
    if (pid === null) continue;
    const used = numberOrNull(f[f.length - 1]);
    const list = out.get(f[0]!) ?? [];
    list.push({ pid, name: f.slice(2, -1).join(','), memoryBytes: used === null ? null : used * mib });
    out.set(f[0]!, list);
  }
  return out;
}
