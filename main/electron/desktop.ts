import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp, type App } from '../app';
import { startIngestServer } from '../server/ingest-server';
import { loadOrCreateToken } from '../server/token';
import { forwardEvents, registerIpc } from './ipc';
import { createMainWindow } from './main-window';

/** Starts the desktop app: the same composition root as every host, shown in a BrowserWindow. */
export function startDesktop(): void {
  let vigil: App | undefined;
  let window: BrowserWindow | null = null;
  const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
  const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

  app.whenReady().then(() => {
    vigil = createApp({ dataDir: app.getPath('userData'), host: 'electron' });
    const ingestPort = vigil.config.value.monitor.ingestPort;
    startIngestServer({ monitor: vigil.monitor, token: loadOrCreateToken(vigil.dataDir), port: ingestPort }).catch((error) =>
      console.error(`model metrics ingest could not listen on 127.0.0.1:${ingestPort}: ${(error as Error).message}`),
    );
    registerIpc(ipcMain, vigil.dispatch, () => rendererUrl);
    forwardEvents(vigil.events, () => window);
    window = createMainWindow({ url: rendererUrl, preloadPath });
    window.on('closed', () => (window = null));
    app.on('activate', () => {
      if (!window) window = createMainWindow({ url: rendererUrl, preloadPath });
    });
  }).catch((error) => {
    console.error('Vigil could not start:', error);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed || !vigil) return;
    event.preventDefault();
    void vigil.dispose().finally(() => {
      disposed = true;
      app.quit();
    });
  });
}
