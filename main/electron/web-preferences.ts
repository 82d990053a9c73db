import type { WebPreferences } from 'electron';

/** The renderer runs with no Node, in a sandbox, isolated from the preload. Stated explicitly, not left to defaults. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    // Middle-click would open links in a new window, around the window-open handler.
    disableBlinkFeatures: 'Auxclick',
  };
}
