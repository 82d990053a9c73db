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
    /** Linux: the /proc files this reading parsed, as read, for the node_exporter families on a scrape. */
    procText?: ProcTexts;
  };
  /** Collector name → error message, for collectors that failed this time. */
  failures: Map<string, string>;
}

export interface SystemSampler {
  read(): Promise<SystemReading>;
  /** Releases what the sampler holds open. */
  close?(): Promise<void>;
}

/** The /proc files the Linux sampler reads every second; a scrape reuses them rather than reading them again. */
export type ProcTexts = Partial<Record<'stat' | 'meminfo' | 'loadavg' | 'diskstats' | 'netDev', string>>;
