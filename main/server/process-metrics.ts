import { version } from '../app';

/** The host's own metrics in Prometheus text format; the monitor engine adds the system's. */
export function renderProcessMetrics(startedAt: number, now = Date.now()): string {
  const lines = [
    '# HELP vigil_build_info Build information of the running Vigil.',
    '# TYPE vigil_build_info gauge',
    `vigil_build_info{version="${version}",node="${process.versions.node}"} 1`,
    '# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.',
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${(startedAt / 1000).toFixed(3)}`,
    '# HELP vigil_uptime_seconds Seconds since Vigil started.',
    '# TYPE vigil_uptime_seconds gauge',
    `vigil_uptime_seconds ${((now - startedAt) / 1000).toFixed(3)}`,
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
  ];
  return lines.join('\n') + '\n';
}
