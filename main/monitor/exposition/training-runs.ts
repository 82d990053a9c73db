import type { GpuProcessRun } from '../../../shared/foresight';
import type { RunProgressState } from '../model-lifecycle';
import { MetricFamilies } from './metric-families';

/** Each followed GPU process and each run that reports its progress, and whether it may be stalled, for /metrics. */
export function renderTrainingRuns(gpuProcesses: readonly GpuProcessRun[], runs: readonly RunProgressState[] = []): string {
  const out = new MetricFamilies();
  out.add('vigil_gpu_process_stalled', 'gauge', 'Whether a process holding GPU memory has kept its GPUs idle long enough to be a stalled run (1) or not (0).',
    gpuProcesses.map((p) => [{ pid: p.pid, name: p.name }, p.stalled ? 1 : 0]));
  out.add('vigil_run_stalled', 'gauge', 'Whether a run that reports its progress has made none for long enough to be stalled (1) or not (0).',
    runs.map((r) => [{ model: r.model }, r.stalled ? 1 : 0]));
  return out.text();
}
