import { readFileSync } from 'node:fs';
import { detailQueryFields, gpuQueryFields, parseComputeApps, parseGpuLine } from '../../main/monitor/gpu/parse-nvidia-smi';
import type { GpuSample } from '../../shared/monitor';

/** One reading of a recorded nvidia-smi sequence: its moment, and the GPUs with their processes (none when the poll failed). */
export interface NvidiaSmiFrame {
  seconds: number;
  failed: boolean;
  gpus: GpuSample[];
}

/**
 * A sequence in test/fixtures/nvidia-smi (see its README): blocks that start `@ SECONDS` (or
 * `@ SECONDS failed`), then the --query-gpu lines of that moment, then its --query-compute-apps lines.
 */
export function nvidiaSmiFrames(name: string): NvidiaSmiFrame[] {
  const text = readFileSync(new URL(`../fixtures/nvidia-smi/${name}`, import.meta.url), 'utf8');
  const fields = [...gpuQueryFields, ...detailQueryFields];
  return text.split(/^@ /m).filter(Boolean).map((block) => {
    const [head, ...lines] = block.trim().split('\n');
    const [seconds, flag] = head!.split(' ');
    const apps = parseComputeApps(lines.filter((l) => l.startsWith('GPU-')).join('\n'));
    const gpus = lines.map((l) => parseGpuLine(l, fields)).filter((g) => g !== null).map((g) => ({ ...g, processes: apps.get(g.uuid) ?? [] }));
    return { seconds: Number(seconds), failed: flag === 'failed', gpus };
  });
}
