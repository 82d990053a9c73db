import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import { tempDir } from '../../../helpers/temp-dir';

describe('the escalate_to_admin action', () => {
  let app: App;
  afterEach(() => app.dispose());

  function start(channels: object[]) {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ alerts: { channels, actions: [{ name: 'page', action: 'escalate_to_admin', when: { rule: 'backup' } }] } }),
    );
    app = createApp({ dataDir, host: 'test', live: false });
  }
  async function raise(severity: 'ERROR' | 'CRITICAL') {
    app.alerts.setCondition({ rule: 'backup', resource: 'work', severity, summary: 'backup of work failed' });
    await app.alerts.actions.settle();
    const alert = app.alerts.open()[0]!;
    return { alert, outputs: app.alerts.actions.outputs(alert.id) };
  }

  it('fails, saying why, when only the CRITICAL-only desktop could take a non-CRITICAL escalation', async () => {
    start([{ name: 'log', type: 'log' }]);
    const { alert, outputs } = await raise('ERROR');
    expect(outputs).toMatchObject([{ action: 'page', ok: false }]);
    expect(outputs[0]!.output).toMatch(/^not escalated: no channel has "escalation": true.*CRITICAL alerts only \(this alert is ERROR\)/);
    expect(alert.escalatedAt).toBeNull();
  });

  it('escalates a CRITICAL alert to the desktop when no channel is marked for escalation', async () => {
    start([{ name: 'log', type: 'log' }]);
    const { alert, outputs } = await raise('CRITICAL');
    expect(outputs).toMatchObject([{ action: 'page', ok: true }]);
    expect(alert.escalatedAt).not.toBeNull();
  });

  it('escalates a non-CRITICAL alert to a channel marked for escalation', async () => {
    start([{ name: 'log', type: 'log' }, { name: 'oncall', type: 'log', escalation: true }]);
    const { alert, outputs } = await raise('ERROR');
    expect(outputs).toMatchObject([{ action: 'page', ok: true }]);
    expect(alert.escalatedAt).not.toBeNull();
  });
});
