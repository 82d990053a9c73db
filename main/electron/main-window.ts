import { BrowserWindow, shell } from 'electron';
import { safeExternalUrl } from './external-url';
import { isAllowedNavigation } from './navigation-guard';
import { secureWebPreferences } from './web-preferences';

export interface WindowOptions {
  /** What the window loads: app://vigil/index.html, or the dev server URL while developing. */
  url: string;
  preloadPath: string;
  iconPath: string;
  show: boolean;
  /** Whether closing the window should only hide it (Vigil stays in the tray). */
  keepInTray: () => boolean;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Vigil',
    show: false,
    icon: options.iconPath,
    backgroundColor: '#0f1419',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  if (options.show) window.once('ready-to-show', () => window.show());
  // New windows are never opened; http(s) links go to the user's browser after validation.
  window.webContents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url);
    if (safe) void shell.openExternal(safe);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, options.url)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.on('close', (event) => {
    if (options.keepInTray()) {
      event.preventDefault();
      window.hide();
    }
  });
  void window.loadURL(options.url);
  return window;
}
