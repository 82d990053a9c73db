import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import { tempDir } from '../../../helpers/temp-dir';

describe('actions run once per alert per transition into their state, and an acknowledgement is none', () => {
  let app: App;
  const clock = { now: Date.UTC(2026, 10, 30, 9, 0, 0) };
  const minutes = (m: number) => (clock.now += m * 60_000);

  beforeEach(() => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({
        monitor: { gpu: { enabled: false } },
        alerts: {
          channels: [{ name: 'log', type: 'log' }],
          actions: [
            { name: 'note', action: 'log_warning', when: { minSeverity: 'WARNING' } },
            { name: 'page', action: 'log_critical', when: { minSeverity: 'CRITICAL' } },
            { name: 'closed', action: 'log_error', when: { state: 'resolved' }, cooldownMinutes: 0 },
          ],
        },
      }),
    );
    app = createApp({ dataDir, host: 'test', live: false, now: () => clock.now });
  });
  afterEach(() => app.dispose());

  /** The actions that ran for an alert, by name (those of one transition run side by side, in no set order). */
  const ran = async (identity: string) => {
    await app.alerts.actions.settle();
    return app.alerts
      .history({})
      .filter((h) => h.alert.identity === identity)
      .flatMap((h) => app.alerts.actions.outputs(h.alert.id).map((o) => o.action))
      .sort();
  };

  it('acknowledging, after the cooldown too, runs nothing again', async () => {
    app.alerts.setCondition({ rule: 'backup', resource: 'models', severity: 'CRITICAL', summary: 'backup of models failed' });
    expect(await ran('backup:models')).toEqual(['note', 'page']);
    minutes(30);
    const [alert] = app.alerts.open();
    expect((await app.dispatch('alerts.ack', { id: alert!.id })).ok).toBe(true);
    app.alerts.setCondition({ rule: 'backup', resource: 'models', severity: 'CRITICAL', summary: 'backup of models failed again' });
    expect(await ran('backup:models')).toEqual(['note', 'page']);
  });

  it('a WARNING raised to CRITICAL runs only the actions it newly qualifies for; resolving runs the resolved ones', async () => {
    app.alerts.setCondition({ rule: 'drift', resource: 'a.csv', severity: 'WARNING', summary: 'drift on a.csv' });
    expect(await ran('drift:a.csv')).toEqual(['note']);
    app.alerts.setCondition({ rule: 'drift', resource: 'a.csv', severity: 'CRITICAL', summary: 'severe drift on a.csv' });
    app.alerts.setCondition({ rule: 'drift', resource: 'a.csv', severity: 'WARNING', summary: 'drift on a.csv' });
    app.alerts.setCondition({ rule: 'drift', resource: 'a.csv', severity: 'CRITICAL', summary: 'severe drift on a.csv' });
    expect(await ran('drift:a.csv')).toEqual(['note', 'page']);
    app.alerts.setCondition({ rule: 'drift', resource: 'a.csv', severity: null, summary: 'a.csv is stable' });
    expect(await ran('drift:a.csv')).toEqual(['closed', 'note', 'page']);
  });

  it('a pending alert that clears before firing runs no "resolved" action', async () => {
    app.alerts.observe([['memory.used_percent', 90]]);
    app.alerts.observe([['memory.used_percent', 10]]);
    expect(await ran('memory')).toEqual([]);
  });

  it('the cooldown holds an action back across alerts of the same rule, not of other rules', async () => {
    app.alerts.setCondition({ rule: 'drift', resource: 'a.csv', severity: 'WARNING', summary: 'drift on a.csv' });
    minutes(5);
    app.alerts.setCondition({ rule: 'drift', resource: 'b.csv', severity: 'WARNING', summary: 'drift on b.csv' });
    app.alerts.setCondition({ rule: 'backup', resource: 'data', severity: 'WARNING', summary: 'backup of data is late' });
    minutes(6);
    app.alerts.setCondition({ rule: 'drift', resource: 'c.csv', severity: 'WARNING', summary: 'drift on c.csv' });
    expect(await ran('drift:a.csv')).toEqual(['note']);
    expect(await ran('drift:b.csv')).toEqual([]);
    expect(await ran('backup:data')).toEqual(['note']);
    expect(await ran('drift:c.csv')).toEqual(['note']);
  });
});
