import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import { tempDir } from '../../../helpers/temp-dir';

describe('stored model series', () => {
  let app: App | undefined;
  afterAll(() => app?.dispose());

  it('are written once per 10-second step (at once for a new model), while system series are written every sample', async () => {
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
    const count = (series: string) => app!.monitor.history([series], start, now, 600).series[0]!.points.length;
    expect(count('cpu.total')).toBe(30);
    expect(count('model.predictions_per_second{ranker}')).toBe(3);
    expect(count('model.latency_p95{ranker}')).toBe(3);
    expect(count('model.predictions_per_second{embedder}')).toBe(2); // at 15 s, when it appeared, and at 20 s
  });
});
