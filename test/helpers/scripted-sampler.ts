import type { GpuSource } from '../../main/monitor/monitor';
import type { SystemReading, SystemSampler } from '../../main/monitor/system-reading';

/** What the scripted machine reads at one moment; the simulation sets these as its day goes on. */
export interface MachineState {
  cpuPercent: number;
  memoryPercent: number;
  /** Mount → used percent. */
  disks: Record<string, number>;
  /** One GPU's temperature in °C. */
  gpuCelsius: number;
}

const gib = 1024 ** 3;

/**
 * System readings taken from a scripted machine state instead of /proc, so a test can play a day
 * (a disk at 91 %, a CPU-bound job) that the machine running the test is not having.
 */
export function scriptedSampler(state: MachineState): SystemSampler {
  return {
    read: async (): Promise<SystemReading> => {
      const totalBytes = 64 * gib;
      return {
        cpu: { total: state.cpuPercent, perCore: [state.cpuPercent, state.cpuPercent], load: null },
        memory: { totalBytes, usedBytes: (state.memoryPercent / 100) * totalBytes, swapTotalBytes: 0, swapUsedBytes: 0 },
        disks: Object.entries(state.disks).map(([mount, percent]) => ({
          mount,
          device: `/dev/${mount === '/' ? 'root' : mount.slice(1)}`,
          fstype: 'ext4',
          sizeBytes: 1000 * gib,
          usedBytes: percent * 10 * gib,
          availableBytes: (100 - percent) * 10 * gib,
          usedPercent: percent,
        })),
        diskIo: [],
        network: [],
        counters: { cpu: [], memory: null, disks: new Map(), network: new Map() },
        failures: new Map(),
      };
    },
  };
}

/** One scripted GPU whose temperature follows the machine state. */
export function scriptedGpu(state: MachineState): GpuSource {
  return {
    state: 'ok',
    message: null,
    get gpus() {
      return [
        {
          index: 0, uuid: 'GPU-scripted-0', name: 'Scripted GPU', utilization: 90, memoryUtilization: 40, memoryUsedBytes: 20 * gib, memoryTotalBytes: 80 * gib,
          temperature: state.gpuCelsius, powerWatts: 300, powerLimitWatts: 400, smClockMHz: 1800, memoryClockMHz: 2600, fanPercent: 60, pstate: 'P0', throttleReasons: [], processes: [],
        },
      ];
    },
  };
}
