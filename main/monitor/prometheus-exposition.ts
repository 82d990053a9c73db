import type { MonitorSample } from '../../shared/monitor';
import { cpuModes } from './proc/parse-stat';
import type { SystemReading } from './system-reading';

const clockTicksPerSecond = 100;

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string | number>): string {
  return `{${Object.entries(pairs).map(([k, v]) => `${k}="${escape(String(v))}"`).join(',')}}`;
}

/**
 * The monitor's readings in Prometheus text format: the system under node_exporter's names where
 * /proc is not available (elsewhere exposition/node-exporter renders it), and the models.
 */
export function renderExposition(sample: MonitorSample | null, counters: SystemReading['counters'] | null): string {
  const lines: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge' | 'summary', help: string, rows: [string, number][]) => {
    if (rows.length === 0) return;
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labelText, value] of rows) lines.push(`${name}${labelText} ${Number.isFinite(value) ? value : 'NaN'}`);
  };
  // On Linux the node_exporter collectors render the system from the same /proc texts; this is the portable path.
  if (counters && !counters.procText) {
    family('node_cpu_seconds_total', 'counter', 'Seconds the CPUs spent in each mode.',
      counters.cpu.slice(1).flatMap((c) => cpuModes.map((mode) => [labels({ cpu: c.cpu.slice(3), mode }), c[mode] / clockTicksPerSecond] as [string, number])));
    if (counters.memory) {
      family('node_memory_MemAvailable_bytes', 'gauge', 'Memory information field MemAvailable_bytes.', [['', counters.memory.availableBytes]]);
      family('node_memory_MemTotal_bytes', 'gauge', 'Memory information field MemTotal_bytes.', [['', counters.memory.totalBytes]]);
    }
    family('node_disk_read_bytes_total', 'counter', 'The total number of bytes read successfully.', [...counters.disks].map(([device, c]) => [labels({ device }), c.readBytes]));
    family('node_disk_written_bytes_total', 'counter', 'The total number of bytes written successfully.', [...counters.disks].map(([device, c]) => [labels({ device }), c.writtenBytes]));
    family('node_network_receive_bytes_total', 'counter', 'Network device statistic receive_bytes.', [...counters.network].map(([device, c]) => [labels({ device }), c.rxBytes]));
    family('node_network_transmit_bytes_total', 'counter', 'Network device statistic transmit_bytes.', [...counters.network].map(([device, c]) => [labels({ device }), c.txBytes]));
  }
  if (sample && !counters?.procText) {
    const fs = (d: MonitorSample['disks'][number]) => labels({ device: d.device, fstype: d.fstype, mountpoint: d.mount });
    family('node_filesystem_avail_bytes', 'gauge', 'Filesystem space available to non-root users in bytes.', sample.disks.map((d) => [fs(d), d.availableBytes]));
    family('node_filesystem_size_bytes', 'gauge', 'Filesystem size in bytes.', sample.disks.map((d) => [fs(d), d.sizeBytes]));
    if (sample.cpu.load) family('node_load1', 'gauge', '1m load average.', [['', sample.cpu.load.one]]);
  }
  if (sample) {
    const models = sample.models;
    family('vigil_model_predictions_total', 'counter', 'Predictions reported for each model.', models.map((m) => [labels({ model: m.model }), m.predictionsTotal]));
    family('vigil_model_errors_total', 'counter', 'Failed predictions reported for each model.', models.map((m) => [labels({ model: m.model }), m.errorsTotal]));
    family('vigil_model_latency_seconds', 'summary', 'Prediction latency over the last minute.',
      models.filter((m) => m.latencyMs).flatMap((m) =>
        (['0.5', '0.95', '0.99'] as const).map((q) => [labels({ model: m.model, quantile: q }), m.latencyMs![q === '0.5' ? 'p50' : q === '0.95' ? 'p95' : 'p99'] / 1000] as [string, number]),
      ));
    const lag = sample.eventLoopLagMs;
    if (lag) {
      // prom-client's names, so Node dashboards work unchanged; over the period since the previous sample.
      family('nodejs_eventloop_lag_seconds', 'gauge', 'Lag of event loop in seconds.', [['', lag.mean / 1000]]);
      family('nodejs_eventloop_lag_p50_seconds', 'gauge', 'The 50th percentile of the recorded event loop delays.', [['', lag.p50 / 1000]]);
      family('nodejs_eventloop_lag_p99_seconds', 'gauge', 'The 99th percentile of the recorded event loop delays.', [['', lag.p99 / 1000]]);
      family('nodejs_eventloop_lag_max_seconds', 'gauge', 'The maximum recorded event loop delay.', [['', lag.max / 1000]]);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
