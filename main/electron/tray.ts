import { join } from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { OpenAlertSummary } from '../../shared/desktop';
import { trayStatus, type TrayIcon } from './tray-status';

export interface TrayActions {
  open(): void;
  pauseMonitoring(): void;
  resumeMonitoring(): void;
  isMonitoringPaused(): boolean;
  /** Absent until the backup engine exists; the item is then shown disabled. */
  runBackup?: () => void;
  quit(): void;
}

/** The status icon: its image, tooltip and menu follow the open alerts and the monitor's state. */
export class TrayController {
  private readonly tray: Tray;
  private open: readonly OpenAlertSummary[] = [];
  icon: TrayIcon = 'ok';

  constructor(
    private readonly iconDir: string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(this.image('ok'));
    this.tray.on('click', () => actions.open());
    this.render();
  }

  showAlerts(open: readonly OpenAlertSummary[]): void {
    this.open = open;
    this.render();
  }

  /** Rebuilds icon, tooltip and menu; called whenever alert or monitor state changes. */
  render(): void {
    const paused = this.actions.isMonitoringPaused();
    const status = trayStatus(this.open, paused);
    if (status.icon !== this.icon) this.tray.setImage(this.image(status.icon));
    this.icon = status.icon;
    this.tray.setToolTip(status.tooltip);
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Vigil', click: () => this.actions.open() },
        {
          label: paused ? 'Resume monitoring' : 'Pause monitoring',
          click: () => {
            if (paused) this.actions.resumeMonitoring();
            else this.actions.pauseMonitoring();
            this.render();
          },
        },
        this.actions.runBackup
          ? { label: 'Run a backup now', click: () => this.actions.runBackup!() }
          : { label: 'Run a backup now (backup engine not built yet)', enabled: false },
        { type: 'separator' },
        { label: 'Quit Vigil', click: () => this.actions.quit() },
      ]),
    );
  }

  destroy(): void {
    this.tray.destroy();
  }

  private image(icon: TrayIcon) {
    return nativeImage.createFromPath(join(this.iconDir, `tray-${icon}.png`));
  }
}
