import type { MonitorSample } from '../../shared/monitor';
import type { CpuCounters } from './proc/parse-stat';

/** What one pass of a system sampler produces: the sample's system part plus raw counters for /metrics. */
export interface SystemReading {
  cpu: MonitorSample['cpu'];
  memory: MonitorSample['memory'];
  disks: MonitorSample['disks'];
  diskIo: MonitorSample['diskIo'];
  network: MonitorSample['network'];
  counters: {
    cpu: CpuCounters[];
    memory: { totalBytes: number; availableBytes: number } | null;
    disks: Map<string, { readBytes: number; writtenBytes: number }>;
    network: Map<string, { rxBytes: number; txBytes: number }>;
  };
  /** Collector name → error message, for collectors that failed this time. */
  failures: Map<string, string>;
}

export interface SystemSampler {
  read(): Promise<SystemReading>;
  /** Releases what the sampler holds open. */
  close?(): Promise<void>;
}
