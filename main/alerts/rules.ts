import type { Config } from '../../shared/config';
import type { Severity } from '../../shared/alerts';

/** A threshold rule over one stored series family (`disk.used_percent{/data}` → metric `disk.used_percent`). */
export interface ThresholdRule {
  id: string;
  metric: string;
  warning: number;
  critical: number;
  /** Severity when the critical threshold is crossed. */
  criticalSeverity: Severity;
  /** The value compared is the average (or max) over this many seconds; 0 = the latest value. */
  windowSeconds: number;
  aggregate: 'avg' | 'max';
  /** The condition must hold this long before the alert fires. */
  forSeconds: number;
  describe: (resource: string | null, value: number) => string;
}

const pct = (v: number) => `${v.toFixed(1)} %`;

/** The seeds' defaults, from `alerts.thresholds` and `alerts.forSeconds`. */
export function thresholdRules(config: Config['alerts']): ThresholdRule[] {
  const t = config.thresholds;
  return [
    { id: 'cpu', metric: 'cpu.total', ...t.cpuPercent, criticalSeverity: 'CRITICAL', windowSeconds: 60, aggregate: 'avg', forSeconds: config.forSeconds.cpu, describe: (_r, v) => `CPU at ${pct(v)}` },
    { id: 'memory', metric: 'memory.used_percent', ...t.memoryPercent, criticalSeverity: 'CRITICAL', windowSeconds: 30, aggregate: 'avg', forSeconds: config.forSeconds.memory, describe: (_r, v) => `memory at ${pct(v)}` },
    { id: 'disk', metric: 'disk.used_percent', ...t.diskPercent, criticalSeverity: 'CRITICAL', windowSeconds: 0, aggregate: 'avg', forSeconds: config.forSeconds.disk, describe: (r, v) => `disk ${r} at ${pct(v)}` },
    { id: 'gpu-temperature', metric: 'gpu.temperature', ...t.gpuTemperatureC, criticalSeverity: 'CRITICAL', windowSeconds: 30, aggregate: 'avg', forSeconds: config.forSeconds.gpu, describe: (r, v) => `GPU ${r} at ${v.toFixed(0)} °C` },
    { id: 'gpu-throttle', metric: 'gpu.throttled', warning: 1, critical: Infinity, criticalSeverity: 'CRITICAL', windowSeconds: 0, aggregate: 'max', forSeconds: config.forSeconds.gpu, describe: (r) => `GPU ${r} is throttling (thermal or hardware slowdown)` },
    { id: 'model-latency', metric: 'model.latency_p95', ...t.modelLatencyMs, criticalSeverity: 'CRITICAL', windowSeconds: 0, aggregate: 'avg', forSeconds: 0, describe: (r, v) => `${r} latency p95 ${v.toFixed(0)} ms` },
    { id: 'model-error-rate', metric: 'model.error_rate', ...t.errorRatePercent, criticalSeverity: 'CRITICAL', windowSeconds: 0, aggregate: 'avg', forSeconds: 0, describe: (r, v) => `${r} error rate ${pct(v)}` },
  ];
}

/** Splits `metric{resource}` into its parts. */
export function parseSeries(name: string): { metric: string; resource: string | null } {
  const brace = name.indexOf('{');
  return brace < 0 ? { metric: name, resource: null } : { metric: name.slice(0, brace), resource: name.slice(brace + 1, -1) };
}
