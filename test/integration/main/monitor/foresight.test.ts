import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import parsePrometheus from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import type { Outlook } from '../../../../shared/foresight';
import { tempDir } from '../../../helpers/temp-dir';

describe('anomalies of a stored series, end to end through the app', () => {
  let app: App | undefined;
  afterEach(() => app?.dispose());

  function start(config: object): { app: App; tick: (loss: number) => Promise<void> } {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
    let clock = Date.UTC(2026, 10, 30, 12);
    app = createApp({ dataDir, host: 'test', live: false, now: () => clock });
    const current = app;
    return {
      app: current,
      // One sample a second, the model's training loss reported just before it.
      tick: async (loss) => {
        clock += 1000;
        current.monitor.ingest([{ model: 'trainer', gauges: { loss } }]);
        await current.monitor.sample();
      },
    };
  }

  const series = 'model.gauge.loss{trainer}';
  const usual = (i: number) => 0.5 + 0.01 * ((i * 37) % 7);

  it('raises an INFO alert, lists the anomaly in the Outlook and exports its score, then clears when the series calms down', async () => {
    const { app, tick } = start({ monitor: { anomaly: { stepSeconds: 1 }, gpu: { enabled: false } } });
    for (let i = 0; i < 60; i++) await tick(usual(i));
    expect(app.alerts.open().filter((a) => a.rule === 'anomaly' && a.resource === series)).toEqual([]);

    await tick(9); // the loss explodes
    await tick(usual(61)); // the step with 9 in it is scored when the next one starts
    const [alert] = app.alerts.open().filter((a) => a.rule === 'anomaly' && a.resource === series);
    expect(alert).toMatchObject({ severity: 'INFO', state: 'firing' });
    expect(alert!.summary).toMatch(/^model\.gauge\.loss\{trainer\} is unusual: 9\.00 where about 0\.5\d* is usual$/);

    const outlook = (await app.dispatch('foresight.outlook', undefined)) as { ok: true; value: Outlook };
    expect(outlook.ok).toBe(true);
    expect(outlook.value.anomalies.find((a) => a.series === series)).toMatchObject({ value: 9 });

    const families = parsePrometheus(await app.monitor.metricsText());
    const scores = families.find((f) => f.name === 'vigil_anomaly_score')!;
    expect(scores.type).toBe('GAUGE');
    expect(scores.metrics.some((m) => 'labels' in m && m.labels?.series === series)).toBe(true);

    for (let i = 62; i < 75; i++) await tick(usual(i));
    expect(app.alerts.open().filter((a) => a.rule === 'anomaly' && a.resource === series)).toEqual([]);
  });

  it('raises nothing for a metric whose anomalies are turned off, and a WARNING where the user asks for one', async () => {
    const off = start({ monitor: { anomaly: { stepSeconds: 1 }, gpu: { enabled: false } }, alerts: { anomalies: { metrics: { 'model.gauge.loss': 'off' } } } });
    for (let i = 0; i < 60; i++) await off.tick(usual(i));
    await off.tick(9);
    await off.tick(usual(61));
    expect(off.app.alerts.open().filter((a) => a.rule === 'anomaly' && a.resource === series)).toEqual([]);
    await off.app.dispose();

    const warn = start({ monitor: { anomaly: { stepSeconds: 1 }, gpu: { enabled: false } }, alerts: { anomalies: { severity: 'off', metrics: { 'model.gauge.loss': 'WARNING' } } } });
    for (let i = 0; i < 60; i++) await warn.tick(usual(i));
    await warn.tick(9);
    await warn.tick(usual(61));
    expect(warn.app.alerts.open().filter((a) => a.rule === 'anomaly').map((a) => [a.resource, a.severity])).toEqual([[series, 'WARNING']]);
  });
});
