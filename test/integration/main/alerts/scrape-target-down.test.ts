import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestHost, type TestHost } from '../../../helpers/running-host';

describe('a scrape target is a service: when it stops answering it is one model-down alert', () => {
  let server: Server;
  let up = false;
  let host: TestHost;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      if (!up) return res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('requests_total 1\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    host = await startTestHost({ config: { monitor: { intervalMs: 200, gpu: { enabled: false }, scrape: [{ model: 'ranker', url, intervalSeconds: 1 }] } } });
  });
  afterAll(async () => {
    await host.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fires once while the scrape target is down and resolves once when it answers again', async () => {
    const collectorAlert = () => host.app.alerts.history({ rule: 'model-down', resource: 'ranker' });
    await vi.waitFor(() => expect(collectorAlert()[0]?.alert.state).toBe('firing'), { timeout: 10_000, interval: 100 });
    const firing = collectorAlert()[0]!.alert;
    expect(firing.severity).toBe('ERROR');
    expect(firing.summary).toMatch(/^ranker stopped reporting .*503/);
    // The failing scrape is told once, as the model being down, not again as a failing collector.
    expect(host.app.alerts.history({ rule: 'collector' })).toEqual([]);

    // Many samples pass while it stays down; the alert is neither re-created nor churned.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(collectorAlert()).toHaveLength(1);

    up = true;
    await vi.waitFor(() => expect(collectorAlert()[0]?.alert.state).toBe('resolved'), { timeout: 10_000, interval: 100 });
    const [only] = collectorAlert();
    expect(collectorAlert()).toHaveLength(1);
    expect(only!.transitions.map((t) => t.to)).toEqual(['firing', 'resolved']);

    // Down again after it had answered: one new alert, steady while it stays down.
    up = false;
    await vi.waitFor(() => expect(collectorAlert()[0]?.alert.state).toBe('firing'), { timeout: 10_000, interval: 100 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(collectorAlert()).toHaveLength(2);
    expect(collectorAlert()[0]!.transitions.map((t) => t.to)).toEqual(['firing']);
  });
});
