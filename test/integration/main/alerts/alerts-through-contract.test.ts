import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../../renderer/src/api/client';
import { createMemoryTransport } from '../../../../renderer/src/api/memory-transport';
import type { Alert } from '../../../../shared/alerts';
import { normals, writeCsv } from '../../../helpers/dataset-files';
import { startTestHost, type TestHost } from '../../../helpers/running-host';

describe('alerts through the contract, fed by the real monitor and drift engines', () => {
  let host: TestHost;
  let api: ApiClient;
  let server: Server;
  let hookUrl: string;
  const received: unknown[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T0KEN-s3cret`;
    host = await startTestHost({
      config: {
        monitor: { intervalMs: 200, gpu: { enabled: false } },
        alerts: {
          groupWaitSeconds: 0,
          channels: [
            { name: 'log', type: 'log' },
            { name: 'team', type: 'webhook', url: hookUrl, format: 'slack', headers: { authorization: 'Bearer hunter2' } },
            { name: 'mail', type: 'email', host: '127.0.0.1', port: 9, from: 'v@b', to: ['l@t'], user: 'vigil', pass: 'p4ssword' },
          ],
        },
      },
    });
    api = createApiClient(createMemoryTransport(host.app.dispatch, host.app.events));
  });
  afterAll(async () => {
    await host.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a high error rate ingested over HTTP becomes a CRITICAL alert, delivered, acknowledged, resolved', async () => {
    const changes: Alert[] = [];
    const off = api.on('alert.changed', (a) => changes.push(a));
    const post = (body: object) =>
      fetch(`${host.origin}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${host.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post({ model: 'ranker', predictions: 100, errors: 20 });
    await expect.poll(async () => (await api.call('alerts.open')).find((a) => a.rule === 'model-error-rate')?.state, { timeout: 5000 }).toBe('firing');
    const [alert] = (await api.call('alerts.open')).filter((a) => a.rule === 'model-error-rate');
    expect(alert).toMatchObject({ resource: 'ranker', severity: 'CRITICAL', summary: 'ranker error rate 20.0 %' });
    await expect.poll(() => received.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(received[0]).toEqual({ text: '[Vigil] CRITICAL: ranker error rate 20.0 %' });

    const acked = await api.call('alerts.ack', { id: alert!.id });
    expect(acked.acknowledgedAt).not.toBeNull();
    await expect(api.call('alerts.ack', { id: 99_999 })).rejects.toMatchObject({ code: 'not_found' });

    await post({ model: 'ranker', predictions: 100_000, errors: 0 });
    await expect.poll(async () => (await api.call('alerts.open')).some((a) => a.rule === 'model-error-rate'), { timeout: 5000 }).toBe(false);
    const [history] = await api.call('alerts.history', { rule: 'model-error-rate' });
    expect(history!.transitions.map((t) => t.to)).toEqual(['firing', 'firing', 'resolved']);
    expect(changes.some((c) => c.id === alert!.id && c.state === 'resolved')).toBe(true);
    off();
    const log = readFileSync(join(host.dataDir, 'logs', 'alerts.log'), 'utf8');
    expect(log).toMatch(/"summary":"ranker error rate 20\.0 %"/);
  });

  it('a drift run at MODERATE or worse raises a drift alert for that dataset', async () => {
    const z = normals(3);
    const ref = writeCsv('ref.csv', ['x'], Array.from({ length: 500 }, () => [z().toFixed(4)]));
    const cur = writeCsv('cur.csv', ['x'], Array.from({ length: 500 }, () => [(z() + 2).toFixed(4)]));
    await api.call('drift.run', { reference: { path: ref }, current: { path: cur } });
    const drift = (await api.call('alerts.open')).find((a) => a.rule === 'drift');
    expect(drift).toMatchObject({ resource: cur, severity: 'ERROR', state: 'firing' });
    expect(drift!.summary).toBe(`${cur}: worst feature "x": severe drift; dataset drifted (1 of 1 tested features drifted)`);
  });

  it('sends a test notification through the outbox and reports a channel that fails', async () => {
    const before = received.length;
    const delivered = await api.call('alerts.test', { channel: 'team' });
    expect(delivered).toMatchObject({ channel: 'team', deliveredAt: expect.any(Number) });
    expect(received.length).toBe(before + 1);
    await expect(api.call('alerts.test', { channel: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    const notifications = await api.call('alerts.notifications');
    expect(notifications.some((n) => n.channel === 'team' && n.deliveredAt !== null)).toBe(true);
  });

  it('never shows saved secrets, and keeps them when the masked values come back', async () => {
    const config = await api.call('config.get');
    const text = JSON.stringify(config);
    for (const secret of ['T0KEN-s3cret', 'hunter2', 'p4ssword']) expect(text).not.toContain(secret);
    const team = config.alerts.channels.find((c) => c.name === 'team')!;
    expect(team).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/•+$/) });
    // The Settings page sends the channels back as it got them, with one change.
    const channels = config.alerts.channels.map((c) => (c.name === 'team' ? { ...c, minSeverity: 'ERROR' as const } : c));
    await api.call('config.update', { alerts: { channels } });
    const saved = JSON.parse(readFileSync(join(host.dataDir, 'config.json'), 'utf8'));
    const savedTeam = saved.alerts.channels.find((c: { name: string }) => c.name === 'team');
    expect(savedTeam).toMatchObject({ url: hookUrl, headers: { authorization: 'Bearer hunter2' }, minSeverity: 'ERROR' });
    expect(saved.alerts.channels.find((c: { name: string }) => c.name === 'mail').pass).toBe('p4ssword');
  });
});
