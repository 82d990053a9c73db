import type { GpuMemoryForecast, TimeToFull } from '../../shared/foresight';

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function number(value: number): string {
  return value === Infinity ? '+Inf' : Number.isFinite(value) ? String(value) : 'NaN';
}

/** Anomaly scores and time-to-full forecasts in Prometheus text format, appended to /metrics. */
export function renderForesightExposition(scores: [string, number][], forecasts: TimeToFull[], gpuMemory: GpuMemoryForecast[] = []): string {
  const lines: string[] = [];
  if (scores.length) {
    lines.push('# HELP vigil_anomaly_score Distance of the latest step of a stored series from its usual value, in robust standard deviations.', '# TYPE vigil_anomaly_score gauge');
    for (const [series, score] of scores) lines.push(`vigil_anomaly_score{series="${escape(series)}"} ${number(score)}`);
  }
  if (forecasts.length) {
    lines.push('# HELP vigil_filesystem_time_to_full_seconds Seconds until the filesystem is full at its fill rate over the last 6 h (+Inf: not filling).', '# TYPE vigil_filesystem_time_to_full_seconds gauge');
    for (const f of forecasts) lines.push(`vigil_filesystem_time_to_full_seconds{mountpoint="${escape(f.mount)}"} ${number(f.secondsToFull ?? Infinity)}`);
  }
  if (gpuMemory.length) {
    lines.push('# HELP vigil_gpu_memory_time_to_full_seconds Seconds until the GPU memory is full at its fill rate over the last 30 min (+Inf: not filling).', '# TYPE vigil_gpu_memory_time_to_full_seconds gauge');
    for (const f of gpuMemory) lines.push(`vigil_gpu_memory_time_to_full_seconds{gpu="${f.gpu}"} ${number(f.secondsToFull ?? Infinity)}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
