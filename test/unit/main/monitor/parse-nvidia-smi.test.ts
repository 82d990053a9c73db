import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gpuQueryFields, parseComputeApps, parseGpuLine } from '../../../../main/monitor/gpu/parse-nvidia-smi';

const lines = (name: string) => readFileSync(new URL(`../../../fixtures/nvidia-smi/${name}`, import.meta.url), 'utf8').trim().split('\n');

describe('parseGpuLine', () => {
  it('reads a datacenter GPU: MiB to bytes, no fan, a power-cap throttle', () => {
    const [busy, idle] = lines('query-gpu.csv').map((l) => parseGpuLine(l));
    expect(busy).toEqual({
      index: 0,
      uuid: 'GPU-3f1b2c4d-9e8a-4b7c-8d6e-1a2b3c4d5e6f',
      name: 'NVIDIA H200',
      utilization: 87,
      memoryUtilization: 41,
      memoryUsedBytes: 98304 * 1024 * 1024,
      memoryTotalBytes: 143771 * 1024 * 1024,
      temperature: 64,
      powerWatts: 612.47,
      powerLimitWatts: 700,
      smClockMHz: 1980,
      memoryClockMHz: 3201,
      fanPercent: null,
      pstate: 'P0',
      throttleReasons: ['sw_power_cap'],
    });
    expect(idle!.throttleReasons).toEqual(['gpu_idle']);
  });

  it('names every throttle reason in the mask', () => {
    const [gpu] = lines('query-gpu-desktop.csv').map((l) => parseGpuLine(l));
    expect(gpu!.throttleReasons).toEqual(['sw_thermal_slowdown', 'hw_thermal_slowdown']);
    expect(gpu!.fanPercent).toBe(65);
  });

  it('tolerates [N/A] and [Not Supported], and a driver without the throttle field', () => {
    const gpu = parseGpuLine(lines('query-gpu-old-driver.csv')[0]!, gpuQueryFields.slice(0, -1));
    expect(gpu).toMatchObject({ name: 'Tesla K80', powerWatts: null, powerLimitWatts: null, fanPercent: null, pstate: 'P8', throttleReasons: null });
  });

  it('ignores lines that are not GPU rows', () => {
    for (const line of ['', 'No devices were found', 'index, uuid, name', '0, not-a-uuid, X, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, P0, 0x0']) {
      expect(parseGpuLine(line)).toBeNull();
    }
  });
});

describe('parseComputeApps', () => {
  it('groups processes by GPU, keeping commas inside process names', () => {
    const apps = parseComputeApps(lines('compute-apps.csv').join('\n'));
    expect(apps.get('GPU-3f1b2c4d-9e8a-4b7c-8d6e-1a2b3c4d5e6f')).toEqual([
      { pid: 48213, name: '/usr/bin/python3', memoryBytes: 97280 * 1024 * 1024 },
      { pid: 48377, name: 'python3 train.py --config a,b', memoryBytes: 512 * 1024 * 1024 },
    ]);
    expect(parseComputeApps('No running processes found\n').size).toBe(0);
  });
});
