import { describe, expect, it } from 'vitest';
import { GpuMemoryAlerts } from '../../../../../main/alerts/foresight-rules';
import { parseComputeApps, parseGpuLine } from '../../../../../main/monitor/gpu/parse-nvidia-smi';
import { GpuMemoryForecasts } from '../../../../../main/monitor/forecast/gpu-memory-forecasts';
import { defaultConfig } from '../../../../../shared/config';
import type { GpuSample } from '../../../../../shared/monitor';

const uuid = 'GPU-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const mib = 1024 * 1024;
const t0 = Date.UTC(2026, 10, 30, 9);

/** One reading in nvidia-smi's recorded format: the GPU line and its compute apps, as the stream parses them. */
function reading(usedMiB: number, apps: [pid: number, name: string, usedMiB: number][]): GpuSample {
  const gpu = parseGpuLine(`0, ${uuid}, NVIDIA GeForce RTX 4090, 99, 63, ${usedMiB}, 24564, 78, 421.30, 450.00, 2745, 10501, 65, P2, 0x0000000000000000`)!;
  const processes = parseComputeApps(apps.map(([pid, name, used]) => `${uuid}, ${pid}, ${name}, ${used}`).join('\n')).get(uuid) ?? [];
  return { ...gpu, processes };
}

describe('GPU memory: out of memory ahead', () => {
  // A training run leaking 1 MiB a second next to a steady notebook kernel, 20 minutes of readings every 10 s.
  function leaking(seconds: number) {
    const forecasts = new GpuMemoryForecasts();
    for (let s = 0; s <= seconds; s += 10) {
      const leak = 10_000 + s;
      forecasts.observe(t0 + s * 1000, [reading(2_000 + leak, [[5100, '/usr/bin/python3 -m ipykernel', 2_000], [7001, 'python3 train.py --epochs 90', leak]])]);
    }
    return forecasts.forecasts(t0 + seconds * 1000);
  }

  it('forecasts when the memory runs out and names the process that keeps growing', () => {
    const [gpu0] = leaking(20 * 60);
    const freeMiB = 24564 - (2_000 + 10_000 + 20 * 60);
    expect(gpu0!.gpu).toBe(0);
    expect(gpu0!.bytesPerSecond / mib).toBeCloseTo(-1, 3);
    expect(gpu0!.secondsToFull! / freeMiB).toBeCloseTo(1, 2);
    expect(gpu0!.process).toMatchObject({ pid: 7001, name: 'python3 train.py --epochs 90' });
    expect(gpu0!.process!.bytesPerSecond / mib).toBeCloseTo(1, 2);
  });

  it('raises a warning within the hour, a critical alert within ten minutes', () => {
    const config = defaultConfig().alerts.gpuMemoryFull;
    const alerts = new GpuMemoryAlerts();
    // 11 364 MiB free at 1 MiB/s: about 3 h, nothing to say yet.
    expect(alerts.evaluate(leaking(20 * 60), config)).toEqual([]);
    const soon = leaking(20 * 60).map((f) => ({ ...f, secondsToFull: 40 * 60 }));
    expect(alerts.evaluate(soon, config)).toEqual([
      { rule: 'gpu-memory-full', resource: '0', severity: 'WARNING', value: 2400, summary: 'GPU 0 memory will be full in about 40 min (python3 train.py --epochs 90, pid 7001, growing 3.5 GiB/h)' },
    ]);
    expect(alerts.evaluate(soon.map((f) => ({ ...f, secondsToFull: 300 })), config)).toMatchObject([{ severity: 'CRITICAL', summary: expect.stringMatching(/^GPU 0 memory will be full in about 5 min/) }]);
  });

  it('says nothing for a GPU whose memory holds steady, and needs five minutes of readings first', () => {
    const steady = new GpuMemoryForecasts();
    for (let s = 0; s <= 600; s += 10) steady.observe(t0 + s * 1000, [reading(20_000, [[7001, 'python3 train.py', 18_000]])]);
    expect(steady.forecasts(t0 + 600_000)).toMatchObject([{ gpu: 0, secondsToFull: null, process: null }]);
    expect(leaking(4 * 60)).toEqual([]);
  });
});
