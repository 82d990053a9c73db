import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import { scriptedSampler } from '../../../helpers/scripted-sampler';
import { tempDir } from '../../../helpers/temp-dir';

describe('models have a lifecycle: runs end, services go down', () => {
  let app: App;
  const clock = { now: Date.UTC(2026, 10, 30, 9, 0, 0) };
  const machine = { cpuPercent: 20, memoryPercent: 40, disks: { '/': 50 }, gpuCelsius: 50 };

  function start(config: object = {}) {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ monitor: { gpu: { enabled: false } }, ...config }));
    app = createApp({ dataDir, host: 'test', live: false, now: () => clock.now, sampler: scriptedSampler(machine) });
  }
  /** Stops Vigil and starts it again on the same data folder. */
  async function restart() {
    const { dataDir } = app;
    await app.dispose();
    app = createApp({ dataDir, host: 'test', live: false, now: () => clock.now, sampler: scriptedSampler(machine) });
  }
  afterEach(() => app.dispose());

  /** Moves the clock in 5-second monitor ticks. */
  async function pass(seconds: number) {
    for (let t = 0; t < seconds; t += 5) {
      clock.now += 5000;
      await app.monitor.step();
    }
  }
  const queued = () => app.alerts.notifications().map((n) => `${n.channel} ${n.summary}`).reverse();

  it('a run without a kind that stops posting ends with an INFO "run finished" event and no alert', async () => {
    start();
    for (let batch = 0; batch < 3; batch++) {
      app.monitor.ingest([{ model: 'trainer', predictions: 100, errors: 30, latency_ms: [2500, 3000, 4000] }]);
      await pass(10);
    }
    // Its error rate (30 %) and latency alerts are live while it runs...
    expect(app.alerts.open().map((a) => a.rule).sort()).toEqual(['model-error-rate', 'model-latency']);
    await pass(180);
    // ...and resolve when it ends; its silence raises nothing.
    expect(app.alerts.open()).toEqual([]);
    const [event] = app.alerts.history({ rule: 'run-finished' });
    expect(event!.alert).toMatchObject({ severity: 'INFO', state: 'resolved', resource: 'trainer' });
    expect(event!.alert.summary).toMatch(/^run trainer finished after 20 s/);
    expect(app.alerts.history({ rule: 'no-data' })).toEqual([]);
    expect(queued().filter((q) => q.includes('run trainer finished'))).toEqual([]);
    // It no longer shows among the live models.
    expect(app.monitor.latest!.models.map((m) => m.model)).toEqual([]);
  });

  it('a run that reports again after it finished is a new run, with its own event when it ends', async () => {
    start();
    app.monitor.ingest([{ model: 'scorer', kind: 'run', predictions: 10 }]);
    await pass(200);
    app.monitor.ingest([{ model: 'scorer', kind: 'run', predictions: 10 }]);
    await pass(200);
    expect(app.alerts.history({ rule: 'run-finished' })).toHaveLength(2);
  });

  it('a service that goes quiet for three expected intervals raises one model-down alert, resolved when it reports again', async () => {
    start();
    app.monitor.ingest([{ model: 'ranker', kind: 'service', expectedIntervalSeconds: 10, predictions: 50, latency_ms: [20, 30], errors: 0 }]);
    await pass(30);
    expect(app.alerts.open()).toEqual([]);
    await pass(10);
    const open = app.alerts.open();
    expect(open).toMatchObject([{ rule: 'model-down', resource: 'ranker', severity: 'ERROR', state: 'firing' }]);
    expect(open[0]!.summary).toMatch(/^ranker stopped reporting/);
    await pass(300);
    expect(app.alerts.open()).toHaveLength(1);
    expect(queued()).toEqual([`log firing: ${open[0]!.summary}`]);

    app.monitor.ingest([{ model: 'ranker', predictions: 50 }]);
    await pass(5);
    expect(app.alerts.open()).toEqual([]);
    expect(queued().at(-1)).toBe(`log resolved: ${open[0]!.summary}`);
    const [down] = app.alerts.history({ rule: 'model-down' });
    expect(app.alerts.history({ rule: 'model-down' })).toHaveLength(1);
    expect(down!.transitions.map((t) => `${t.to}: ${t.reason}`)).toEqual(['firing: reported', 'resolved: ranker reports again']);
  });

  it('a model-down alert open when Vigil restarts resolves when the service reports again', async () => {
    start();
    app.monitor.ingest([{ model: 'ranker', kind: 'service', expectedIntervalSeconds: 10, predictions: 50 }]);
    await pass(40);
    expect(app.alerts.open().map((a) => a.identity)).toEqual(['model-down:ranker']);
    await restart();
    await pass(60);
    expect(app.alerts.open().map((a) => a.identity)).toEqual(['model-down:ranker']);

    app.monitor.ingest([{ model: 'ranker', predictions: 50 }]);
    await pass(5);
    expect(app.alerts.open()).toEqual([]);
    const [down] = app.alerts.history({ rule: 'model-down' });
    expect(down!.transitions.at(-1)).toMatchObject({ to: 'resolved', reason: 'ranker reports again' });
  });

  it("a run's alerts open when Vigil restarts resolve when the run stays quiet", async () => {
    start();
    app.monitor.ingest([{ model: 'trainer', predictions: 100, errors: 30, latency_ms: [2500, 3000, 4000] }]);
    await pass(10);
    app.monitor.ingest([{ model: 'trainer', predictions: 100, errors: 30, latency_ms: [2500, 3000, 4000] }]);
    await pass(10);
    expect(app.alerts.open().map((a) => a.rule).sort()).toEqual(['model-error-rate', 'model-latency']);
    await restart();
    await pass(180);
    expect(app.alerts.open()).toEqual([]);
    const [event] = app.alerts.history({ rule: 'run-finished' });
    expect(event!.alert).toMatchObject({ resource: 'trainer', state: 'resolved' });
  });

  it('a service without an interval is down after monitor.modelQuietSeconds', async () => {
    start({ monitor: { gpu: { enabled: false }, modelQuietSeconds: 60 } });
    app.monitor.ingest([{ model: 'embedder', kind: 'service', predictions: 5 }]);
    await pass(60);
    expect(app.alerts.open()).toEqual([]);
    await pass(5);
    expect(app.alerts.open().map((a) => a.identity)).toEqual(['model-down:embedder']);
  });

  it('removing a model resolves its alerts and drops it from the samples', async () => {
    start();
    app.monitor.ingest([{ model: 'ranker', kind: 'service', expectedIntervalSeconds: 5, predictions: 50 }]);
    await pass(30);
    expect(app.alerts.open().map((a) => a.identity)).toEqual(['model-down:ranker']);
    expect(await app.dispatch('monitor.removeModel', { model: 'ranker' })).toEqual({ ok: true, value: { removed: true } });
    expect(app.alerts.open()).toEqual([]);
    const [down] = app.alerts.history({ rule: 'model-down' });
    expect(down!.transitions.at(-1)).toMatchObject({ to: 'resolved', reason: 'the model was removed' });
    await pass(5);
    expect(app.monitor.latest!.models).toEqual([]);
    expect(await app.dispatch('monitor.removeModel', { model: 'ranker' })).toEqual({ ok: true, value: { removed: false } });
  });

  it('a scrape target cannot be removed as a model: it is in the config', async () => {
    start({ monitor: { gpu: { enabled: false }, scrape: [{ model: 'server', url: 'http://127.0.0.1:1/metrics' }] } });
    const result = await app.dispatch('monitor.removeModel', { model: 'server' });
    expect(result).toEqual({ ok: false, error: { code: 'conflict', message: 'server is a scrape target: remove it from monitor.scrape instead' } });
  });
});
