import { hostname } from 'node:os';
import type { GpuSample } from '../../../shared/monitor';
import { MetricFamilies, type MetricType } from './metric-families';

/**
 * DCGM exporter's field names, types and help for what nvidia-smi reports, with the nvidia-smi
 * field each is read from. Units are DCGM's: MHz, %, °C, W, MiB.
 */
const dcgmFields: [name: string, type: MetricType, help: string, field: string][] = [
  ['DCGM_FI_DEV_SM_CLOCK', 'gauge', 'SM clock frequency (in MHz).', 'clocks.sm'],
  ['DCGM_FI_DEV_MEM_CLOCK', 'gauge', 'Memory clock frequency (in MHz).', 'clocks.mem'],
  ['DCGM_FI_DEV_VIDEO_CLOCK', 'gauge', 'Video encoder/decoder clock frequency (in MHz).', 'clocks.video'],
  ['DCGM_FI_DEV_MAX_SM_CLOCK', 'gauge', 'Maximum SM clock frequency (in MHz).', 'clocks.max.sm'],
  ['DCGM_FI_DEV_MAX_MEM_CLOCK', 'gauge', 'Maximum memory clock frequency (in MHz).', 'clocks.max.mem'],
  ['DCGM_FI_DEV_GPU_TEMP', 'gauge', 'GPU temperature (in C).', 'temperature.gpu'],
  ['DCGM_FI_DEV_MEMORY_TEMP', 'gauge', 'Memory temperature (in C).', 'temperature.memory'],
  ['DCGM_FI_DEV_POWER_USAGE', 'gauge', 'Power draw (in W).', 'power.draw'],
  ['DCGM_FI_DEV_POWER_MGMT_LIMIT', 'gauge', 'Power management limit (in W).', 'power.limit'],
  ['DCGM_FI_DEV_ENFORCED_POWER_LIMIT', 'gauge', 'Effective power limit that the driver enforces (in W).', 'enforced.power.limit'],
  ['DCGM_FI_DEV_GPU_UTIL', 'gauge', 'GPU utilization (in %).', 'utilization.gpu'],
  ['DCGM_FI_DEV_MEM_COPY_UTIL', 'gauge', 'Memory utilization (in %).', 'utilization.memory'],
  ['DCGM_FI_DEV_ENC_UTIL', 'gauge', 'Encoder utilization (in %).', 'utilization.encoder'],
  ['DCGM_FI_DEV_DEC_UTIL', 'gauge', 'Decoder utilization (in %).', 'utilization.decoder'],
  ['DCGM_FI_DEV_FB_USED', 'gauge', 'Framebuffer memory used (in MiB).', 'memory.used'],
  ['DCGM_FI_DEV_FB_TOTAL', 'gauge', 'Total framebuffer memory (in MiB).', 'memory.total'],
  ['DCGM_FI_DEV_FB_RESERVED', 'gauge', 'Framebuffer memory reserved (in MiB).', 'memory.reserved'],
  ['DCGM_FI_DEV_FAN_SPEED', 'gauge', 'Fan speed (in %).', 'fan.speed'],
  ['DCGM_FI_DEV_PSTATE', 'gauge', 'Performance state (P-state) 0-15, 0 is the highest.', 'pstate'],
  ['DCGM_FI_DEV_CLOCK_THROTTLE_REASONS', 'gauge', 'Current clock throttle reasons (bitmask of DCGM_CLOCKS_THROTTLE_REASON_*).', 'clocks_throttle_reasons.active'],
  ['DCGM_FI_DEV_PCIE_LINK_GEN', 'gauge', 'PCIe current link generation.', 'pcie.link.gen.current'],
  ['DCGM_FI_DEV_PCIE_LINK_WIDTH', 'gauge', 'PCIe current link width.', 'pcie.link.width.current'],
  ['DCGM_FI_DEV_ECC_SBE_VOL_TOTAL', 'counter', 'Total number of single-bit volatile ECC errors.', 'ecc.errors.corrected.volatile.total'],
  ['DCGM_FI_DEV_ECC_DBE_VOL_TOTAL', 'counter', 'Total number of double-bit volatile ECC errors.', 'ecc.errors.uncorrected.volatile.total'],
  ['DCGM_FI_DEV_ECC_SBE_AGG_TOTAL', 'counter', 'Total number of single-bit persistent ECC errors.', 'ecc.errors.corrected.aggregate.total'],
  ['DCGM_FI_DEV_ECC_DBE_AGG_TOTAL', 'counter', 'Total number of double-bit persistent ECC errors.', 'ecc.errors.uncorrected.aggregate.total'],
  ['DCGM_FI_DEV_RETIRED_SBE', 'counter', 'Total number of retired pages due to single-bit errors.', 'retired_pages.single_bit_ecc.count'],
  ['DCGM_FI_DEV_RETIRED_DBE', 'counter', 'Total number of retired pages due to double-bit errors.', 'retired_pages.double_bit.count'],
  ['DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS', 'counter', 'Number of remapped rows for correctable errors.', 'remapped_rows.correctable'],
  ['DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS', 'counter', 'Number of remapped rows for uncorrectable errors.', 'remapped_rows.uncorrectable'],
  ['DCGM_FI_DEV_ROW_REMAP_FAILURE', 'gauge', 'Whether remapping of rows has failed.', 'remapped_rows.failure'],
];

/**
 * GPUs under DCGM exporter's names and labels (gpu, UUID, device, modelName, Hostname), so NVIDIA's
 * dashboards work unchanged. `readings` holds nvidia-smi's fields by name for each GPU uuid.
 */
export function renderDcgm(gpus: Pick<GpuSample, 'index' | 'uuid' | 'name'>[], readings: ReadonlyMap<string, ReadonlyMap<string, number>>, host = hostname()): string {
  const out = new MetricFamilies();
  const labels = (g: (typeof gpus)[number]) => ({ gpu: g.index, UUID: g.uuid, device: `nvidia${g.index}`, modelName: g.name, Hostname: host });
  for (const [name, type, help, field] of dcgmFields) {
    out.add(name, type, help, gpus.flatMap((g) => {
      const value = readings.get(g.uuid)?.get(field);
      return value === undefined ? [] : [[labels(g), value]];
    }));
  }
  out.add('DCGM_FI_DEV_FB_FREE', 'gauge', 'Framebuffer memory free (in MiB).', gpus.flatMap((g) => {
    const r = readings.get(g.uuid);
    const total = r?.get('memory.total');
    const used = r?.get('memory.used');
    return total === undefined || used === undefined ? [] : [[labels(g), total - used - (r!.get('memory.reserved') ?? 0)]];
  }));
  return out.text();
}

/** The nvidia-smi fields a GPU sample carries, for a GPU source that gives samples only (a simulated day). */
export function sampleReadings(gpus: GpuSample[]): Map<string, Map<string, number>> {
  const mib = 1024 * 1024;
  return new Map(gpus.map((g) => {
    const fields: [string, number | null][] = [
      ['utilization.gpu', g.utilization], ['utilization.memory', g.memoryUtilization], ['temperature.gpu', g.temperature],
      ['memory.used', g.memoryUsedBytes === null ? null : g.memoryUsedBytes / mib], ['memory.total', g.memoryTotalBytes === null ? null : g.memoryTotalBytes / mib],
      ['power.draw', g.powerWatts], ['power.limit', g.powerLimitWatts], ['clocks.sm', g.smClockMHz], ['clocks.mem', g.memoryClockMHz], ['fan.speed', g.fanPercent],
    ];
    return [g.uuid, new Map(fields.filter((f): f is [string, number] => f[1] !== null))];
  }));
}
