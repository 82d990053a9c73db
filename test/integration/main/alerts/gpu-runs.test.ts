import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import type { GpuSource } from '../../../../main/monitor/monitor';
import type { Outlook } from '../../../../shared/foresight';
import { nvidiaSmiFrames, type NvidiaSmiFrame } from '../../../helpers/nvidia-smi-frames';
import { scriptedSampler } from '../../../helpers/scripted-sampler';
import { tempDir } from '../../../helpers/temp-dir';

describe('GPU training runs through the app: stalled, busy again, ended', () => {
  let app: App;
  let trainer: ChildProcess;
  const start = Date.UTC(2026, 10, 30, 6, 0, 0);
  const clock = { now: start };
  const gpu: { -readonly [K in keyof GpuSource]: GpuSource[K] } = { state: 'starting', message: null, gpus: [] };
  const machine = { cpuPercent: 20, memoryPercent: 40, disks: { '/': 50 }, gpuCelsius: 50 };

  // The recorded process stands for a real one, so its command line is read from /proc as it would be.
  beforeEach(() => {
    trainer = spawn('sleep', ['600'], { stdio: 'ignore' });
  });
  afterEach(async () => {
    gpu.processListFailures = 0;
    trainer.kill();
    await app.dispose();
  });

  function open(dataDir = tempDir()) {
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ monitor: { gpu: { stalledMinutes: 10, stalledUtilizationPercent: 5 } } }));
    app = createApp({ dataDir, host: 'test', live: false, now: () => clock.now, sampler: scriptedSampler(machine), gpu });
  }
  function frames(): NvidiaSmiFrame[] {
    return nvidiaSmiFrames('stalled-run.txt').map((f) => ({
      ...f,
      gpus: f.gpus.map((g) => ({ ...g, processes: g.processes.map((p) => ({ ...p, pid: trainer.pid! })) })),
    }));
  }
  /** Feeds one reading as nvidia-smi gives it (a failed poll leaves the last devices, as the stream does) and takes a monitor tick. */
  async function replay(frame: NvidiaSmiFrame) {
    clock.now = start + frame.seconds * 1000;
    gpu.state = frame.failed ? 'failed' : 'ok';
    gpu.message = frame.failed ? 'nvidia-smi stopped (exit 1): GPU is lost' : null;
    if (!frame.failed) gpu.gpus = frame.gpus;
    await app.monitor.step();
  }
  async function outlook(): Promise<Outlook> {
    const result = await app.dispatch('foresight.outlook', undefined);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as Outlook;
  }
  const stalledAlerts = () => app.alerts.open().filter((a) => a.rule === 'gpu-run-stalled');

  it('raises "training may be stalled" naming the process and its command line, clears it when the GPU is busy again, and records the end', async () => {
    open();
    const all = frames();
    const at = (seconds: number) => all.find((f) => f.seconds === seconds)!;
    for (const frame of all.filter((f) => f.seconds <= 11_399)) await replay(frame);
    expect(stalledAlerts()).toEqual([]);

    await replay(at(11_401));
    const [alert] = stalledAlerts();
    expect(alert).toMatchObject({ severity: 'WARNING', state: 'firing', resource: `pid:${trainer.pid}` });
    expect(alert!.summary).toBe(
      `training may be stalled: /usr/bin/python3 (pid ${trainer.pid}) holds 95.0 GiB on GPU 0 under 5 % utilisation for 10 min; command line: sleep 600`,
    );
    expect((await outlook()).stalledRuns).toEqual([{ source: 'gpu', name: `/usr/bin/python3 (pid ${trainer.pid})`, since: start + 10_800_000, detail: 'sleep 600' }]);
    expect(await app.monitor.metricsText()).toContain(`vigil_gpu_process_stalled{pid="${trainer.pid}",name="/usr/bin/python3"} 1`);

    // A failed poll is not an exit.
    await replay(at(11_460));
    expect(stalledAlerts()).toHaveLength(1);
    expect(app.alerts.history({ rule: 'gpu-run-ended' })).toEqual([]);

    await replay(at(11_500));
    expect(stalledAlerts()).toEqual([]);
    const [cleared] = app.alerts.history({ rule: 'gpu-run-stalled' });
    expect(cleared!.alert.state).toBe('resolved');
    expect((await outlook()).stalledRuns).toEqual([]);
    expect(await app.monitor.metricsText()).toContain(`vigil_gpu_process_stalled{pid="${trainer.pid}",name="/usr/bin/python3"} 0`);

    await replay(at(11_520));
    const [ended] = app.alerts.history({ rule: 'gpu-run-ended' });
    expect(ended!.alert).toMatchObject({ severity: 'INFO', state: 'resolved', resource: `pid:${trainer.pid}` });
    expect(ended!.alert.summary).toBe(`run ended after 3 h 12 min: /usr/bin/python3 (pid ${trainer.pid}) on GPU 0, peak GPU memory 95.0 GiB; command line: sleep 600`);
    // The ended process is forgotten, and no notification went out for an INFO event.
    expect(await app.monitor.metricsText()).not.toContain('vigil_gpu_process_stalled');
    expect(app.alerts.notifications().filter((n) => n.summary.startsWith('run ended'))).toEqual([]);
  });

  it('judges no process on a stale list: while process listings fail, an idle GPU raises nothing and nothing ends', async () => {
    open();
    const all = frames();
    for (const frame of all.filter((f) => f.seconds <= 10_800)) await replay(frame);
    // The listings fail from here (the stream keeps showing the last list), while the GPU stays idle for 20 minutes.
    gpu.processListFailures = 3;
    const idle = all.find((f) => f.seconds === 11_401)!;
    for (let seconds = 10_830; seconds <= 12_000; seconds += 30) await replay({ ...idle, seconds });
    expect(stalledAlerts()).toEqual([]);
    expect(app.alerts.history({ rule: 'gpu-run-ended' })).toEqual([]);
    // Listings work again: the process is gone.
    gpu.processListFailures = 0;
    await replay({ ...all.at(-1)!, seconds: 12_030 });
    expect(app.alerts.history({ rule: 'gpu-run-ended' })).toHaveLength(1);
    expect(stalledAlerts()).toEqual([]);
  });

  it('settles a stall alert left open before a restart: kept while the process stays idle, resolved when it works again', async () => {
    open();
    const all = frames();
    for (const frame of all.filter((f) => f.seconds <= 11_401)) await replay(frame);
    expect(stalledAlerts()).toHaveLength(1);

    const { dataDir } = app;
    await app.dispose();
    open(dataDir);
    await replay({ ...all.find((f) => f.seconds === 11_401)!, seconds: 11_430 });
    expect(stalledAlerts()).toHaveLength(1);
    await replay(all.find((f) => f.seconds === 11_500)!);
    expect(stalledAlerts()).toEqual([]);
    expect(app.alerts.history({ rule: 'gpu-run-stalled' })[0]!.alert.state).toBe('resolved');
  });

  it('resolves a stall alert left open before a restart when its process is gone', async () => {
    open();
    const all = frames();
    for (const frame of all.filter((f) => f.seconds <= 11_401)) await replay(frame);
    const { dataDir } = app;
    await app.dispose();
    open(dataDir);
    await replay(all.at(-1)!);
    expect(stalledAlerts()).toEqual([]);
    // Vigil did not see it end, so it records no run end it cannot date.
    expect(app.alerts.history({ rule: 'gpu-run-ended' })).toEqual([]);
  });
});
