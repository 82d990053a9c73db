import { createApiClient, type ApiClient } from './client';
import { createIpcTransport, preloadBridge } from './ipc-transport';
import { browserToken } from './browser-token';
import { bearerProtocols, createWebSocketTransport, type ConnectionState } from './websocket-transport';

/** In Electron the preload is present → IPC; in a browser → WebSocket to the host that served the page. */
export function pickApiClient(onStateChange: (state: ConnectionState) => void): ApiClient {
  const bridge = preloadBridge();
  if (bridge) {
    onStateChange('open');
    return createApiClient(createIpcTransport(bridge));
  }
  const token = browserToken();
  const url = new URL('/api/ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  url.search = '';
  return createApiClient(createWebSocketTransport({ url: url.href, protocols: token ? bearerProtocols(token) : [], onStateChange }));
}
