import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeNotification } from '../../../fakes/electron';

vi.mock('electron', async () => ({ Notification: (await import('../../../fakes/electron')).FakeNotification }));

const { createDesktopNotifier } = await import('../../../../main/electron/desktop-notifier');

describe('the desktop notifier', () => {
  beforeEach(() => {
    FakeNotification.shown.length = 0;
    FakeNotification.supported = true;
  });

  it('pops an urgent notification for CRITICAL alerts only', () => {
    const notify = createDesktopNotifier(() => {});
    for (const severity of ['INFO', 'WARNING', 'ERROR'] as const) {
      expect(notify({ id: severity, severity, title: 't', body: 'b' })).toBe(false);
    }
    expect(notify({ id: 'a1', severity: 'CRITICAL', title: 'GPU 0 at 92 °C', body: 'throttling' })).toBe(true);
    expect(FakeNotification.shown.map((n) => n.options)).toEqual([{ title: 'GPU 0 at 92 °C', body: 'throttling', urgency: 'critical' }]);
  });

  it('opens the window on the alert when clicked', () => {
    const opened: string[] = [];
    createDesktopNotifier((id) => opened.push(id))({ id: 'a7', severity: 'CRITICAL', title: 't', body: 'b' });
    FakeNotification.shown[0]!.click();
    expect(opened).toEqual(['a7']);
  });

  it('does nothing where the system has no notifications', () => {
    FakeNotification.supported = false;
    expect(createDesktopNotifier(() => {})({ id: 'x', severity: 'CRITICAL', title: 't', body: 'b' })).toBe(false);
  });
});
