// How much the contract itself costs per call: validation + dispatch, in memory and over the
// WebSocket the browser UI uses. Engine benchmarks sit beside this one.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createApp } from '../../main/app';
import { startHost } from '../../main/server/http-server';
import { ScopedTokens } from '../../main/server/token';
import { createApiClient, type ApiClient } from '../../renderer/src/api/client';
import { createMemoryTransport } from '../../renderer/src/api/memory-transport';
import { bearerProtocols, createWebSocketTransport, type SocketLike } from '../../renderer/src/api/websocket-transport';

async function measure(label: string, api: ApiClient, calls: number): Promise<void> {
  for (let i = 0; i < 200; i++) await api.call('config.get');
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await api.call('config.get');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`  ${label.padEnd(28)} ${((seconds / calls) * 1e6).toFixed(1).padStart(7)} µs/call  ${Math.round(calls / seconds).toString().padStart(7)} calls/s`);
}

export async function run(): Promise<void> {
  console.log('api: config.get round trip (sequential)');
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const ui = join(dataDir, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '');
  const app = createApp({ dataDir, host: 'test', live: false });
  const tokens = new ScopedTokens(dataDir);
  const host = await startHost({ app, tokens, host: '127.0.0.1', port: 0, uiDir: ui });
  try {
    await measure('memory transport', createApiClient(createMemoryTransport(app.dispatch, app.events)), 20_000);
    const transport = createWebSocketTransport({
      url: `ws://127.0.0.1:${host.port}/api/ws`,
      protocols: bearerProtocols(tokens.get('admin')),
      createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike,
    });
    await measure('WebSocket on 127.0.0.1', createApiClient(transport), 5_000);
    transport.close();
  } finally {
    await host.close();
    await app.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
