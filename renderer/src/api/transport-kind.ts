import { preloadBridge } from './ipc-transport';

/**
 * `desktop`: the Electron app over IPC, where every setting is editable. `browser`: the headless
 * host over WebSocket, where settings that run programs or widen file access are read-only.
 */
export type TransportKind = 'desktop' | 'browser';

export function transportKind(): TransportKind {
  return preloadBridge() ? 'desktop' : 'browser';
}
