import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import { scriptedSampler } from '../../../helpers/scripted-sampler';
import { tempDir } from '../../../helpers/temp-dir';

describe('the ingest-cap alert', () => {
  let app: App;
  const clock = { now: Date.UTC(2026, 10, 30, 9, 0, 0) };

  function start() {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ monitor: { gpu: { enabled: false }, models: { maxModels: 5 } } }));
    app = createApp({ dataDir, host: 'test', live: false, now: () => clock.now, sampler: scriptedSampler({ cpuPercent: 20, memoryPercent: 40, disks: { '/': 50 }, gpuCelsius: 50 }) });
  }
  afterEach(() => app.dispose());

  async function tick() {
    clock.now += 5000;
    await app.monitor.step();
  }
  const refused = (models: string[]) => expect(() => app.monitor.ingest(models.map((model) => ({ model, kind: 'service' as const, predictions: 1 })))).toThrow(/at most 5 models/);
  const capAlerts = () => app.alerts.history({ rule: 'ingest-cap' });

  it('stays open while the refused batch still would not fit, and resolves once a batch with new models is admitted', async () => {
    start();
    app.monitor.ingest(['a', 'b', 'c', 'd'].map((model) => ({ model, kind: 'service' as const, predictions: 1 })));
    await tick();
    // 4 of 5 known: one place left, but the client keeps posting 2 new models.
    refused(['e', 'f']);
    for (let i = 0; i < 5; i++) {
      await tick();
      refused(['e', 'f']);
    }
    expect(capAlerts()).toHaveLength(1);
    expect(capAlerts()[0]!.alert).toMatchObject({ state: 'firing', severity: 'WARNING', resource: 'ingest' });
    expect(capAlerts()[0]!.transitions.map((t) => t.to)).toEqual(['firing']);

    app.monitor.ingest([{ model: 'e', kind: 'service', predictions: 1 }]);
    expect(app.alerts.open()).toEqual([]);
    expect(capAlerts()[0]!.transitions.at(-1)).toMatchObject({ to: 'resolved', reason: 'ingest has room for new models again' });
  });

  it('resolves when models leave and the refused batch would fit', async () => {
    start();
    app.monitor.ingest(['a', 'b', 'c', 'd'].map((model) => ({ model, kind: 'service' as const, predictions: 1 })));
    refused(['e', 'f']);
    await tick();
    expect(app.alerts.open().map((a) => a.identity)).toEqual(['ingest-cap:ingest']);
    expect(await app.dispatch('monitor.removeModel', { model: 'a' })).toEqual({ ok: true, value: { removed: true } });
    await tick();
    expect(app.alerts.open()).toEqual([]);
  });

  it('is not resolved by removing a model named "ingest"', async () => {
    start();
    app.monitor.ingest(['ingest', 'b', 'c', 'd', 'e'].map((model) => ({ model, kind: 'service' as const, predictions: 1 })));
    refused(['f']);
    expect(await app.dispatch('monitor.removeModel', { model: 'ingest' })).toEqual({ ok: true, value: { removed: true } });
    expect(app.alerts.open().map((a) => a.identity)).toEqual(['ingest-cap:ingest']);
  });
});
