import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import { scriptedSampler } from '../../../helpers/scripted-sampler';
import { tempDir } from '../../../helpers/temp-dir';

describe('a scrape target removed from the config', () => {
  let server: Server;
  let app: App;

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('requests_total 7\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ monitor: { intervalMs: 200, gpu: { enabled: false }, scrape: [{ model: 'ranker', url, intervalSeconds: 1 }] } }));
    app = createApp({ dataDir, host: 'test', sampler: scriptedSampler({ cpuPercent: 20, memoryPercent: 40, disks: { '/': 50 }, gpuCelsius: 50 }) });
  });
  afterAll(async () => {
    await app.dispose();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('leaves the live models', async () => {
    await vi.waitFor(async () => expect((await app.monitor.sample()).models.map((m) => m.model)).toEqual(['ranker']), { timeout: 10_000, interval: 100 });
    const result = await app.dispatch('config.update', { monitor: { scrape: [] } });
    expect(result.ok).toBe(true);
    expect((await app.monitor.sample()).models).toEqual([]);
  });
});
