import { readdirSync, readFileSync } from 'node:fs';
import { version } from '../version';

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
    ...linuxProcessMetrics(),
  ];
  return lines.join('\n') + '\n';
}

/**
 * The rest of the Prometheus client libraries' standard process metrics (CPU, virtual memory, file
 * descriptors), which dashboards such as Node Exporter Full chart for the exporter itself.
 */
function linuxProcessMetrics(): string[] {
  const { user, system } = process.cpuUsage();
  const lines = [
    '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
    '# TYPE process_cpu_seconds_total counter',
    `process_cpu_seconds_total ${(user + system) / 1e6}`,
  ];
  if (process.platform !== 'linux') return lines;
  try {
    const vmSize = /^VmSize:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    const maxFds = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    const openFds = readdirSync('/proc/self/fd').length;
    if (vmSize) lines.push('# HELP process_virtual_memory_bytes Virtual memory size in bytes.', '# TYPE process_virtual_memory_bytes gauge', `process_virtual_memory_bytes ${Number(vmSize) * 1024}`);
    lines.push('# HELP process_open_fds Number of open file descriptors.', '# TYPE process_open_fds gauge', `process_open_fds ${openFds}`);
    if (maxFds) lines.push('# HELP process_max_fds Maximum number of open file descriptors.', '# TYPE process_max_fds gauge', `process_max_fds ${maxFds}`);
  } catch {
    // /proc unreadable (a hardened container): the portable figures above still stand
  }
  return lines;
}
