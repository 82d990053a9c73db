import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { createApp, type App } from '../app';
import { startIngestServer } from '../server/ingest-server';
import { ScopedTokens } from '../server/token';
import { appUrl } from './app-origin';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createDesktopNotifier } from './desktop-notifier';
import { devRendererUrl } from './dev-renderer-url';
import { forwardEvents, registerIpc } from './ipc';
import { createMainWindow } from './main-window';
import { TrayController } from './tray';
import type { DesktopNotice } from '../../shared/desktop';
import { bindingAdvice, electronBindingFor } from '../native/electron-sqlite';

/** Starts the desktop app: the same composition root as every host, in a window and the tray. */
export function startDesktop(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // the running Vigil is focused through its 'second-instance' handler
    return;
  }
  registerAppScheme();

  const devServer = devRendererUrl(process.env, app.isPackaged);
  const rendererUrl = devServer ?? appUrl;
  const resources = join(import.meta.dirname, '../../resources');
  let vigil: App | undefined;
  let window: BrowserWindow | null = null;
  let tray: TrayController | null = null;
  let quitting = false;

  const showWindow = (route?: string) => {
    if (!vigil) return;
    if (!window || window.isDestroyed()) {
      window = createMainWindow({
        url: route ? `${rendererUrl}#/${route}` : rendererUrl,
        preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
        iconPath: join(resources, 'icon.png'),
        show: true,
        keepInTray: () => !quitting && (vigil?.config.value.desktop.closeToTray ?? false),
      });
    } else {
      if (route) void window.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#/${route}`)}`);
      window.show();
      window.focus();
    }
  };

  app.on('second-instance', () => showWindow());

  app
    .whenReady()
    .then(() => {
      // Electron loads its own build of better-sqlite3, never Node's: check it before opening anything.
      const runtime = { packaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath(), abi: Number(process.versions.modules) };
      const sqlite = electronBindingFor(runtime);
      if (sqlite.state !== 'ok') {
        const advice = bindingAdvice(sqlite, runtime);
        console.error(`Vigil cannot open its database.\n${advice}`);
        dialog.showErrorBox('Vigil cannot open its database', advice);
        app.exit(1);
        return;
      }
      let notify: (notice: DesktopNotice) => boolean = () => false;
      vigil = createApp({ dataDir: app.getPath('userData'), host: 'electron', desktopNotify: (notice) => notify(notice), sqliteBinding: sqlite.path });
      const settings = vigil.config.value.desktop;
      if (!devServer) serveRenderer(join(import.meta.dirname, '../renderer'));
      // The renderer needs no browser permission (camera, geolocation, notifications…): refuse all.
      session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      session.defaultSession.setPermissionCheckHandler(() => false);
      registerIpc(ipcMain, vigil.dispatch, () => rendererUrl, async () => {
        const options = { title: 'Choose a folder to protect', properties: ['openDirectory' as const] };
        const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      });
      forwardEvents(vigil.events, () => window);
      applyLoginItem(settings.startWithSession, settings.startMinimized);
      vigil.events.on('config.changed', (next) => applyLoginItem(next.desktop.startWithSession, next.desktop.startMinimized));

      const monitor = vigil.monitor;
      tray = new TrayController(resources, {
        open: () => showWindow(),
        pauseMonitoring: () => monitor.stop(),
        resumeMonitoring: () => monitor.start(),
        isMonitoringPaused: () => monitor.paused,
        runBackup: () => void vigil?.backup.runNow().catch(() => {}), // failures become alerts
        quit: () => app.quit(),
      });
      notify = createDesktopNotifier((id) => showWindow(`alerts?alert=${encodeURIComponent(id)}`));
      const alerts = vigil.alerts;
      const showAlerts = () =>
        tray?.showAlerts(alerts.open().filter((a) => a.state === 'firing').map((a) => ({ id: String(a.id), severity: a.severity, title: a.summary })));
      vigil.events.on('alert.changed', showAlerts);
      showAlerts();
      if (process.env.VIGIL_TEST_HOOKS === '1') {
        // Tests cannot click a native tray; they read its state here (see test/e2e/electron.test.ts).
        (globalThis as Record<string, unknown>).__vigilTest = { trayIcon: () => tray?.icon, notify, sqliteBinding: sqlite.path };
      }

      const ingestPort = vigil.config.value.monitor.ingestPort;
      startIngestServer({ monitor, tokens: new ScopedTokens(vigil.dataDir), port: ingestPort }).catch((error) =>
        console.error(`model metrics ingest could not listen on 127.0.0.1:${ingestPort}: ${(error as Error).message}`),
      );
      if (!(settings.startMinimized || process.argv.includes('--hidden'))) showWindow();
    })
    .catch((error) => {
      console.error('Vigil could not start:', error);
      app.exit(1);
    });

  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    // With a tray Vigil keeps running; without one (closeToTray off) closing the window quits.
    if (!vigil?.config.value.desktop.closeToTray) app.quit();
  });

  let disposed = false;
  app.on('before-quit', () => (quitting = true));
  app.on('will-quit', (event) => {
    if (disposed || !vigil) return;
    event.preventDefault();
    tray?.destroy();
    void vigil.dispose().finally(() => {
      disposed = true;
      app.quit();
    });
  });
}

function applyLoginItem(startWithSession: boolean, startMinimized: boolean): void {
  app.setLoginItemSettings({ openAtLogin: startWithSession, args: startMinimized ? ['--hidden'] : [] });
}
