import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import { spreadPhaseMs } from '../../../../main/monitor/spread-phase';
import { tempDir } from '../../../helpers/temp-dir';

describe('stored model series', () => {
  let app: App | undefined;
  afterAll(() => app?.dispose());

  it('are written at first sight and then once per 10-second step, each model in its own second of the step, while system series are written every sample', async () => {
    const dataDir = tempDir();
    // Samples are taken by hand below, on a clock the test moves.
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ monitor: { intervalMs: 60_000, gpu: { enabled: false } } }));
    let now = Date.UTC(2026, 10, 30, 12, 0, 0);
    app = createApp({ dataDir, host: 'test', now: () => now });
    const start = now;
    for (let second = 0; second < 30; second++) {
      app.monitor.ingest([{ model: 'ranker', predictions: 10, latency_ms: [12, 15, 30] }]);
      if (second >= 15) app.monitor.ingest([{ model: 'embedder', predictions: 3 }]);
      await app.monitor.sample();
      now += 1000;
    }
    const seconds = (series: string) => app!.monitor.history([series], start, now, 600).series[0]!.points.map(([at]) => (at - start) / 1000);
    expect(seconds('cpu.total')).toHaveLength(30);
    // After first sight, a model's points come 10 s apart, at the same second of each step.
    const steps = (model: string, from: number) => {
      const phase = spreadPhaseMs(model, 10_000) / 1000;
      return [from, ...[phase, phase + 10, phase + 20].filter((s) => s > from && s < 30)];
    };
    expect(seconds('model.predictions_per_second{ranker}')).toEqual(steps('ranker', 0));
    expect(seconds('model.latency_p95{ranker}')).toEqual(steps('ranker', 0));
    expect(seconds('model.predictions_per_second{embedder}')).toEqual(steps('embedder', 15));
    expect(spreadPhaseMs('ranker', 10_000)).not.toBe(spreadPhaseMs('embedder', 10_000)); // spread: not all in one second
  });
});
