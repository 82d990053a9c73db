import type { MonitorSample } from '../../shared/monitor';

/** Throttle reasons that mean the GPU is slowed by heat or power trouble, not by being idle or capped by choice. */
const slowdowns = new Set(['hw_slowdown', 'sw_thermal_slowdown', 'hw_thermal_slowdown', 'hw_power_brake_slowdown']);

/**
 * The stored (and alertable) series of a sample, named `metric{resource}`: `cpu.total`,
 * `disk.used_percent{/data}`, `gpu.temperature{0}`, `model.error_rate{ranker}`, …
 */
export function sampleSeries(sample: MonitorSample): [string, number][] {
  const out: [string, number][] = [['cpu.total', sample.cpu.total]];
  sample.cpu.perCore.forEach((v, i) => out.push([`cpu.core{${i}}`, v]));
  if (sample.cpu.load) out.push(['load.1', sample.cpu.load.one]);
  if (sample.memory.totalBytes > 0) {
    out.push(['memory.used_percent', (100 * sample.memory.usedBytes) / sample.memory.totalBytes], ['memory.used_bytes', sample.memory.usedBytes]);
  }
  if (sample.memory.swapTotalBytes > 0) out.push(['swap.used_percent', (100 * sample.memory.swapUsedBytes) / sample.memory.swapTotalBytes]);
  for (const d of sample.disks) out.push([`disk.used_percent{${d.mount}}`, d.usedPercent]);
  for (const d of sample.diskIo) {
    if (d.readBytesPerSecond !== null) out.push([`disk.read_bps{${d.device}}`, d.readBytesPerSecond]);
    if (d.writeBytesPerSecond !== null) out.push([`disk.write_bps{${d.device}}`, d.writeBytesPerSecond]);
  }
  for (const n of sample.network) {
    if (n.rxBytesPerSecond !== null) out.push([`net.rx_bps{${n.interface}}`, n.rxBytesPerSecond]);
    if (n.txBytesPerSecond !== null) out.push([`net.tx_bps{${n.interface}}`, n.txBytesPerSecond]);
  }
  for (const g of sample.gpu.devices) {
    const add = (name: string, value: number | null) => value !== null && out.push([`gpu.${name}{${g.index}}`, value]);
    add('utilization', g.utilization);
    add('temperature', g.temperature);
    add('power_watts', g.powerWatts);
    add('memory_used_bytes', g.memoryUsedBytes);
    if (g.memoryUsedBytes !== null && g.memoryTotalBytes) add('memory_used_percent', (100 * g.memoryUsedBytes) / g.memoryTotalBytes);
    if (g.throttleReasons) add('throttled', g.throttleReasons.some((r) => slowdowns.has(r)) ? 1 : 0);
  }
  for (const m of sample.models) {
    out.push([`model.predictions_per_second{${m.model}}`, m.predictionsPerSecond]);
    if (m.errorRate !== null) out.push([`model.error_rate{${m.model}}`, 100 * m.errorRate]);
    if (m.latencyMs) {
      out.push([`model.latency_p50{${m.model}}`, m.latencyMs.p50], [`model.latency_p95{${m.model}}`, m.latencyMs.p95], [`model.latency_p99{${m.model}}`, m.latencyMs.p99]);
    }
    for (const [name, value] of Object.entries(m.gauges)) out.push([`model.gauge.${name}{${m.model}}`, value]);
  }
  return out;
}
