import { createApiClient, type ApiClient } from './client';
import { createIpcTransport, preloadBridge } from './ipc-transport';
import { createWebSocketTransport, type ConnectionState } from './websocket-transport';

/**
 * Whether this renderer talks to main over IPC (the desktop app). Settings that run programs
 * (action commands, the nvidia-smi path, cache folders) are editable only there.
 */
export function editsProgramSettings(): boolean {
  return preloadBridge() !== undefined;
}

/** In Electron the preload is present → IPC; in a browser → WebSocket to the host that served the page. */
export function pickApiClient(onStateChange: (state: ConnectionState) => void): ApiClient {
  const bridge = preloadBridge();
  if (bridge) {
    onStateChange('open');
    return createApiClient(createIpcTransport(bridge));
  }
  const token = new URLSearchParams(location.search).get('token');
  const url = new URL('/api/ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  url.search = token ? `?token=${encodeURIComponent(token)}` : '';
  return createApiClient(createWebSocketTransport({ url: url.href, onStateChange }));
}
