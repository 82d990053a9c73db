import type { GpuSample } from '../../../shared/monitor';

/** The --query-gpu fields the sample needs, in this order. */
export const gpuQueryFields = [
  'index', 'uuid', 'name', 'utilization.gpu', 'utilization.memory', 'memory.used', 'memory.total', 'temperature.gpu',
  'power.draw', 'power.limit', 'clocks.sm', 'clocks.mem', 'fan.speed', 'pstate', 'clocks_throttle_reasons.active',
] as const;

/**
 * Further fields asked for after those, only for /metrics (DCGM exporter's names). A driver that does
 * not know one refuses the whole query; the stream then drops that field and asks again.
 */
export const detailQueryFields = [
  'utilization.encoder', 'utilization.decoder', 'clocks.video', 'clocks.max.sm', 'clocks.max.mem', 'temperature.memory',
  'enforced.power.limit', 'memory.reserved', 'pcie.link.gen.current', 'pcie.link.width.current',
  'ecc.errors.corrected.volatile.total', 'ecc.errors.uncorrected.volatile.total', 'ecc.errors.corrected.aggregate.total',
  'ecc.errors.uncorrected.aggregate.total', 'retired_pages.single_bit_ecc.count', 'retired_pages.double_bit.count',
  'remapped_rows.correctable', 'remapped_rows.uncorrectable', 'remapped_rows.failure',
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

/** The text of each queried field in a line, or null when the line is not a GPU row of that query. */
function fieldsOf(line: string, fields: readonly string[]): Map<string, string> | null {
  const f = line.split(',').map((s) => s.trim());
  if (f.length !== fields.length) return null;
  const byName = new Map(fields.map((name, i) => [name, f[i]!]));
  if (numberOrNull(byName.get('index')) === null || !byName.get('uuid')?.startsWith('GPU-')) return null;
  return byName;
}

/** One line of `--format=csv,noheader,nounits` output for the query `fields`, or null for lines that are not GPU rows. */
export function parseGpuLine(line: string, fields: readonly string[] = gpuQueryFields): Omit<GpuSample, 'processes'> | null {
  const f = fieldsOf(line, fields);
  if (!f) return null;
  const num = (name: string) => numberOrNull(f.get(name));
  const used = num('memory.used');
  const total = num('memory.total');
  const mask = f.get('clocks_throttle_reasons.active');
  const pstate = f.get('pstate');
  return {
    index: num('index')!,
    uuid: f.get('uuid')!,
    name: f.get('name')!,
    utilization: num('utilization.gpu'),
    memoryUtilization: num('utilization.memory'),
    memoryUsedBytes: used === null ? null : used * mib,
    memoryTotalBytes: total === null ? null : total * mib,
    temperature: num('temperature.gpu'),
    powerWatts: num('power.draw'),
    powerLimitWatts: num('power.limit'),
    smClockMHz: num('clocks.sm'),
    memoryClockMHz: num('clocks.mem'),
    fanPercent: num('fan.speed'),
    pstate: pstate && !pstate.includes('[') ? pstate : null,
    throttleReasons: mask && /^0x[0-9a-f]+$/i.test(mask) ? throttleBits.filter(([bit]) => Number.parseInt(mask.slice(2), 16) & bit).map(([, name]) => name) : null,
  };
}

/**
 * Every numeric reading of a GPU row by field name, for /metrics: placeholders are left out, the
 * performance state `P2` reads as 2, the throttle mask as its number, Yes/No as 1/0.
 */
export function parseGpuReadings(line: string, fields: readonly string[]): Map<string, number> | null {
  const f = fieldsOf(line, fields);
  if (!f) return null;
  const out = new Map<string, number>();
  for (const [name, text] of f) {
    const value = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text.slice(2), 16)
      : /^P\d+$/.test(text) ? Number(text.slice(1))
      : /^(yes|no)$/i.test(text) ? Number(/^yes$/i.test(text))
      : numberOrNull(text);
    if (value !== null && name !== 'uuid' && name !== 'name') out.set(name, value);
  }
  return out;
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
