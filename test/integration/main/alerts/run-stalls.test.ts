import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import type { Outlook } from '../../../../shared/foresight';
import { scriptedSampler } from '../../../helpers/scripted-sampler';
import { tempDir } from '../../../helpers/temp-dir';

describe('reporting runs that stall, and runs that finish', () => {
  let app: App;
  const clock = { now: Date.UTC(2026, 10, 30, 9, 0, 0) };
  const machine = { cpuPercent: 20, memoryPercent: 40, disks: { '/': 50 }, gpuCelsius: 50 };

  function start(dataDir = tempDir()) {
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ monitor: { gpu: { enabled: false }, runStalledMinutes: 10 } }));
    app = createApp({ dataDir, host: 'test', live: false, now: () => clock.now, sampler: scriptedSampler(machine) });
  }
  afterEach(() => app.dispose());

  /** Moves the clock in 10-second ticks; `step` (when given) is reported every 30 s. */
  async function pass(seconds: number, step?: (elapsed: number) => number, finished = false) {
    for (let t = 10; t <= seconds; t += 10) {
      clock.now += 10_000;
      if (step && t % 30 === 0) app.monitor.ingest([{ model: 'resnet', kind: 'run', gauges: { step: step(t), loss: 0.5 }, finished }]);
      await app.monitor.step();
    }
  }
  const stalled = () => app.alerts.open().filter((a) => a.rule === 'model-stalled');
  async function outlook(): Promise<Outlook> {
    return ((await app.dispatch('foresight.outlook', undefined)) as { ok: true; value: Outlook }).value;
  }

  it('a step stuck for 10 minutes while the run reports is a WARNING, resolved when the step moves; finish() is an INFO event', async () => {
    start();
    let step = 0;
    await pass(300, () => ++step);
    await pass(600, () => step);
    expect(stalled()).toEqual([]);
    await pass(30, () => step);
    const [alert] = stalled();
    expect(alert).toMatchObject({ severity: 'WARNING', resource: 'resnet' });
    expect(alert!.summary).toBe('training may be stalled: run resnet reports step 10 unchanged for 10 min');
    const [listed] = (await outlook()).stalledRuns;
    // The Outlook says how long now (30 s after the alert fired).
    expect(listed).toMatchObject({ source: 'ingest', name: 'resnet', detail: 'reports step 10 unchanged for 11 min' });
    expect(await app.monitor.metricsText()).toContain('vigil_run_stalled{model="resnet"} 1');

    await pass(30, () => ++step);
    expect(stalled()).toEqual([]);
    expect(app.alerts.history({ rule: 'model-stalled' })[0]!.transitions.at(-1)).toMatchObject({ to: 'resolved', reason: 'run resnet progresses again (step 11)' });
    expect(await app.monitor.metricsText()).toContain('vigil_run_stalled{model="resnet"} 0');

    await pass(30, () => ++step, true);
    const [ended] = app.alerts.history({ rule: 'run-finished' });
    expect(ended!.alert).toMatchObject({ severity: 'INFO', state: 'resolved', resource: 'resnet' });
    expect(ended!.alert.summary).toMatch(/^run resnet finished after 16 min/);
    expect(await app.monitor.metricsText()).not.toContain('vigil_run_stalled');
  });

  it('a run that announces its end and goes quiet is stalled; the alert outlives a restart and resolves when the run reports progress', async () => {
    start();
    let step = 0;
    for (let i = 0; i < 4; i++) {
      clock.now += 30_000;
      app.monitor.ingest([{ model: 'resnet', gauges: { step: ++step }, finished: false }]);
      await app.monitor.step();
    }
    await pass(600);
    expect(stalled()).toEqual([]);
    await pass(10);
    expect(stalled()[0]!.summary).toBe('training may be stalled: run resnet stopped reporting 10 min ago at step 4');
    expect(app.alerts.history({ rule: 'run-finished' })).toEqual([]);

    const { dataDir } = app;
    await app.dispose();
    start(dataDir);
    await pass(60);
    expect(stalled()).toHaveLength(1);
    clock.now += 10_000;
    app.monitor.ingest([{ model: 'resnet', gauges: { step: ++step }, finished: false }]);
    expect(stalled()).toEqual([]);
  });
});
