import { BrowserWindow, shell } from 'electron';
import { secureWebPreferences } from './web-preferences';

export interface RendererLocation {
  /** What the window loads: the dev server URL, or the built index.html as a file:// URL. */
  url: string;
  preloadPath: string;
}

export function createMainWindow(location: RendererLocation): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Vigil',
    show: false,
    backgroundColor: '#0f1419',
    webPreferences: secureWebPreferences(location.preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== location.url) event.preventDefault();
  });
  void window.loadURL(location.url);
  return window;
}
