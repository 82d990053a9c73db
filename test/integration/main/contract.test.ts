import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiClient, type ApiClient } from '../../../renderer/src/api/client';
import { createMemoryTransport } from '../../../renderer/src/api/memory-transport';
import { bearerProtocols, createWebSocketTransport, type SocketLike, type WebSocketTransport } from '../../../renderer/src/api/websocket-transport';
import { AppError } from '../../../shared/result';
import type { MonitorSample } from '../../../shared/monitor';
import { startTestHost, type TestHost } from '../../helpers/running-host';

// The same behaviour is required of every transport we can run outside Electron.
const transports = {
  memory: (host: TestHost) => ({ api: createApiClient(createMemoryTransport(host.app.dispatch, host.app.events)), close: () => {} }),
  websocket: (host: TestHost) => {
    const transport: WebSocketTransport = createWebSocketTransport({
      url: `ws://127.0.0.1:${host.host.port}/api/ws`,
      protocols: bearerProtocols(host.token),
      createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike,
    });
    return { api: createApiClient(transport), close: () => transport.close() };
  },
};

for (const [name, connect] of Object.entries(transports)) {
  describe(`the contract over the ${name} transport`, () => {
    let host: TestHost;
    let api: ApiClient;
    let close: () => void;

    beforeAll(async () => {
      host = await startTestHost({ config: { monitor: { intervalMs: 100 } } });
      ({ api, close } = connect(host));
    });
    afterAll(async () => {
      close();
      await host.stop();
    });

    it('answers app.info about this installation', async () => {
      const info = await api.call('app.info');
      expect(info).toMatchObject({ name: 'Vigil', host: 'test', dataDir: host.dataDir, configPath: join(host.dataDir, 'config.json') });
      expect(info.firstStartedAt).toBeLessThanOrEqual(info.startedAt);
    });

    it('reports the hardware inventory', async () => {
      const hardware = await api.call('monitor.hardware');
      expect(hardware.cpu.cores).toBe((await import('node:os')).cpus().length);
      expect(hardware.os.platform).toBe(process.platform);
    });

    it('reads the config with defaults filled in', async () => {
      const config = await api.call('config.get');
      expect(config.monitor.intervalMs).toBe(100);
      expect(config.backup.gzipLevel).toBe(6);
    });

    it('updates the config file and announces the change', async () => {
      const changed = new Promise((resolve) => {
        const off = api.on('config.changed', (config) => {
          off();
          resolve(config.backup.gzipLevel);
        });
      });
      const config = await api.call('config.update', { backup: { gzipLevel: 3 } });
      expect(config.backup.gzipLevel).toBe(3);
      expect(await changed).toBe(3);
      expect(JSON.parse(readFileSync(join(host.dataDir, 'config.json'), 'utf8')).backup).toEqual({ gzipLevel: 3 });
    });

    it('rejects an invalid config change with invalid_request naming the field, file unchanged', async () => {
      const before = readFileSync(join(host.dataDir, 'config.json'), 'utf8');
      const error = await api.call('config.update', { monitor: { intervalMs: -5 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/monitor\.intervalMs/) });
      expect(readFileSync(join(host.dataDir, 'config.json'), 'utf8')).toBe(before);
    });

    it('rejects a payload of the wrong shape before any handler runs', async () => {
      const error = await api.call('config.update', 'not an object' as never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid_request' });
    });

    it('streams live monitor samples whose values change', async () => {
      const samples: MonitorSample[] = [];
      await new Promise<void>((resolve) => {
        const off = api.on('monitor.sample', (sample) => {
          samples.push(sample);
          if (samples.length === 3) {
            off();
            resolve();
          }
        });
      });
      const times = samples.map((s) => s.at);
      expect(new Set(times).size).toBe(3);
      for (const sample of samples) {
        expect(sample.cpu.total).toBeGreaterThanOrEqual(0);
        expect(sample.cpu.total).toBeLessThanOrEqual(100);
        expect(sample.memory.usedBytes).toBeGreaterThan(0);
        expect(sample.memory.usedBytes).toBeLessThan(sample.memory.totalBytes);
      }
      const latest = await api.call('monitor.latest');
      expect(latest!.at).toBeGreaterThanOrEqual(times[2]!);
    });
  });
}

describe('the dispatcher', () => {
  it('refuses an unknown method with invalid_request', async () => {
    const host = await startTestHost();
    try {
      const result = await host.app.dispatch('fs.readFile', { path: '/etc/passwd' });
      expect(result).toEqual({ ok: false, error: { code: 'invalid_request', message: 'unknown method "fs.readFile"' } });
      expect(await host.app.dispatch('__proto__', undefined)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    } finally {
      await host.stop();
    }
  });

  it('answers unavailable once the app is disposed', async () => {
    const host = await startTestHost();
    await host.stop();
    expect(await host.app.dispatch('app.info', undefined)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
