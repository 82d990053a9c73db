import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeMenu, FakeTray, fakeNativeImage } from '../../../fakes/electron';

vi.mock('electron', async () => {
  const fakes = await import('../../../fakes/electron');
  return { Tray: fakes.FakeTray, Menu: fakes.FakeMenu, nativeImage: fakes.fakeNativeImage };
});

const { TrayController } = await import('../../../../main/electron/tray');

function controller(runBackup?: () => void) {
  let paused = false;
  const calls: string[] = [];
  const tray = new TrayController('/icons', {
    open: () => calls.push('open'),
    pauseMonitoring: () => (calls.push('pause'), (paused = true)),
    resumeMonitoring: () => (calls.push('resume'), (paused = false)),
    isMonitoringPaused: () => paused,
    runBackup,
    quit: () => calls.push('quit'),
  });
  return { tray, fake: FakeTray.instances.at(-1)!, calls };
}

const item = (fake: FakeTray, label: RegExp) => fake.menu.find((i) => i.label && label.test(i.label))!;

describe('TrayController', () => {
  beforeEach(() => {
    FakeTray.instances.length = 0;
    void FakeMenu;
    void fakeNativeImage;
  });

  it('starts green with "all clear"', () => {
    const { fake } = controller();
    expect(fake.image).toBe('/icons/tray-ok.png');
    expect(fake.tooltip).toBe('Vigil: all clear');
  });

  it('turns amber for a warning and red for an error or a critical alert, naming the worst', () => {
    const { tray, fake } = controller();
    tray.showAlerts([{ id: '1', severity: 'WARNING', title: 'disk /data at 91 %' }]);
    expect(fake.image).toBe('/icons/tray-warning.png');
    expect(fake.tooltip).toBe('Vigil: warning: disk /data at 91 %');
    tray.showAlerts([
      { id: '1', severity: 'WARNING', title: 'disk /data at 91 %' },
      { id: '2', severity: 'CRITICAL', title: 'ranker error rate 20 %' },
    ]);
    expect(fake.image).toBe('/icons/tray-critical.png');
    expect(fake.tooltip).toBe('Vigil: critical: ranker error rate 20 % (+1 more)');
    tray.showAlerts([{ id: '3', severity: 'ERROR', title: 'backup failed' }]);
    expect(fake.image).toBe('/icons/tray-critical.png');
    tray.showAlerts([{ id: '4', severity: 'INFO', title: 'drift run finished' }]);
    expect(fake.image).toBe('/icons/tray-ok.png');
  });

  it('menu: open, pause and resume monitoring (label follows), quit', () => {
    const { fake, calls } = controller();
    item(fake, /^Open Vigil$/).click!();
    item(fake, /^Pause monitoring$/).click!();
    expect(fake.tooltip).toContain('Monitoring is paused');
    item(fake, /^Resume monitoring$/).click!();
    item(fake, /^Quit Vigil$/).click!();
    fake.emit('click');
    expect(calls).toEqual(['open', 'pause', 'resume', 'quit', 'open']);
  });

  it('offers "Run a backup now" only when a backup can run', () => {
    expect(item(controller().fake, /backup/).enabled).toBe(false);
    const backups: number[] = [];
    const { fake } = controller(() => backups.push(1));
    item(fake, /^Run a backup now$/).click!();
    expect(backups).toEqual([1]);
  });
});
