import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeNotification } from '../../../fakes/electron';
import { parseRoute } from '../../../../renderer/src/route';
import { tempDir } from '../../../helpers/temp-dir';

vi.mock('electron', async () => ({ Notification: (await import('../../../fakes/electron')).FakeNotification }));

const { createDesktopNotifier } = await import('../../../../main/electron/desktop-notifier');
const { createApp } = await import('../../../../main/app');

/** The desktop app's wiring: the real app, with the Electron notifier as its desktop port. */
function desktopApp(opened: string[]) {
  const dataDir = tempDir();
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ alerts: { actions: [{ name: 'pop', action: 'notify_desktop', when: { minSeverity: 'WARNING' } }] } }));
  const notify = createDesktopNotifier((id) => opened.push(`#/alerts?alert=${encodeURIComponent(id)}`));
  return createApp({ dataDir, host: 'test', live: false, desktopNotify: notify });
}

describe('the notify_desktop action in the desktop app', () => {
  const apps: { dispose(): Promise<void> }[] = [];
  afterEach(async () => {
    FakeNotification.shown.length = 0;
    await Promise.all(apps.splice(0).map((a) => a.dispose()));
  });

  it('records that a non-CRITICAL alert was not shown, and why', async () => {
    const app = desktopApp([]);
    apps.push(app);
    app.alerts.setCondition({ rule: 'backup', resource: 'models', severity: 'ERROR', summary: 'full backup of models failed' });
    await app.alerts.actions.settle();
    const alert = app.alerts.open().find((a) => a.resource === 'models')!;
    expect(app.alerts.actions.outputs(alert.id)).toMatchObject([
      { action: 'pop', ok: false, output: 'no desktop notification: the desktop shows CRITICAL alerts only, and this one is ERROR' },
    ]);
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('shows a CRITICAL one, says so, and its click lands on that alert', async () => {
    const opened: string[] = [];
    const app = desktopApp(opened);
    apps.push(app);
    app.alerts.setCondition({ rule: 'backup', resource: 'data', severity: 'CRITICAL', summary: 'data disk gone' });
    await app.alerts.actions.settle();
    const alert = app.alerts.open().find((a) => a.resource === 'data')!;
    expect(app.alerts.actions.outputs(alert.id)).toMatchObject([{ action: 'pop', ok: true, output: 'desktop notification shown' }]);
    FakeNotification.shown.at(-1)!.click();
    expect(opened).toHaveLength(1);
    expect(parseRoute(opened[0]!)).toEqual({ page: 'alerts', params: { alert: String(alert.id) } });
  });

  it('says where it went in the browser host, which has no desktop notifier', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ alerts: { actions: [{ name: 'pop', action: 'notify_desktop', when: { minSeverity: 'WARNING' } }] } }));
    const app = createApp({ dataDir, host: 'test', live: false });
    apps.push(app);
    const notices: string[] = [];
    app.events.on('alert.notify', (notice) => notices.push(notice.id));
    app.alerts.setCondition({ rule: 'backup', resource: 'config', severity: 'ERROR', summary: 'config backup failed' });
    await app.alerts.actions.settle();
    const alert = app.alerts.open().find((a) => a.resource === 'config')!;
    expect(app.alerts.actions.outputs(alert.id)).toMatchObject([{ ok: true, output: 'sent to the browser UI (shown in the windows that allow notifications)' }]);
    expect(notices).toEqual([String(alert.id)]);
  });
});
