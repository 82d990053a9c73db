import Database from 'better-sqlite3';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLoad, startServeProcess } from '../../../helpers/ingest-load';
import { tempDir } from '../../../helpers/temp-dir';

/** A webhook receiver on 127.0.0.1 that records the alerts each delivery names; it answers 503 until it accepts. */
async function webhookReceiver() {
  const alerts: { alertname: string; resource?: string }[] = [];
  const state = { accepting: false };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (!state.accepting) return void res.writeHead(503).end();
      for (const alert of (JSON.parse(body) as { alerts: { labels: { alertname: string; resource?: string } }[] }).alerts) alerts.push(alert.labels);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    alerts,
    state,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

type Rows = { series: string; at: number }[];

/** Points in the raw tier and those staged for it: both are committed. */
const committedSql = `SELECT s.name AS series, p.at FROM (SELECT series, at FROM metric_raw
  UNION ALL SELECT series, at FROM metric_staging_0 UNION ALL SELECT series, at FROM metric_staging_1) p
  JOIN metric_series s ON s.id = p.series`;

// What "committed before the kill" means: the monitor writes points every 2 s in transactions of at
// most 1 000 (and a series' points before a history query reads it) to a staging table that moves
// into the raw tier about once a minute; a SIGKILL loses at most the points of the last 2 s. Alerts and their outbox rows are written when they change, before
// anyone hears of them.
describe('a host killed under load', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('restarts on an intact database holding every flushed sample, every alert and its outbox, and delivers what was queued', { timeout: 120_000 }, async () => {
    const hook = await webhookReceiver();
    closers.push(hook.close);
    const dataDir = tempDir();
    const config = {
      monitor: { intervalMs: 250, gpu: { enabled: false } },
      alerts: { channels: [{ name: 'hook', type: 'webhook', url: hook.url, minSeverity: 'CRITICAL', sendResolved: false }] },
    };
    const host = await startServeProcess(dataDir, config);
    closers.push(() => host.stop());

    // A reader beside the host, as any SQLite tool would be: it sees what is committed.
    const reader = new Database(join(dataDir, 'vigil.db'), { readonly: true });
    const committedPoints = () => reader.prepare(committedSql).all() as Rows;

    let killed!: () => void;
    const load = runLoad(host, {
      durationMs: 60_000, ingestClients: 4, recordsPerBatch: 20, models: 200, latenciesPerRecord: 50, socketClients: 2, historyEveryMs: 500, slowModels: 3,
      until: new Promise<void>((resolve) => (killed = resolve)),
    });
    // Under load until the slow models' CRITICAL alerts are queued for the webhook, which is down.
    const outboxRows = () => reader.prepare('SELECT id, dedupe_key AS key, payload FROM alert_outbox ORDER BY id').all() as { id: number; key: string; payload: string }[];
    await expect.poll(() => outboxRows().length, { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 3000));

    const pointsBefore = committedPoints();
    const alertsBefore = reader.prepare("SELECT id, identity, severity, state FROM alerts WHERE rule = 'model-latency'").all();
    const outboxBefore = outboxRows();
    reader.close();
    killed();
    await host.kill();
    const { sockets, requests } = await load;
    expect(hook.alerts).toEqual([]);
    expect(requests).toBeGreaterThan(0);
    expect(pointsBefore.length).toBeGreaterThan(0);
    expect(alertsBefore).toHaveLength(3);

    const db = new Database(join(dataDir, 'vigil.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const after = new Set((db.prepare(committedSql).all() as Rows).map((p) => `${p.series}@${p.at}`));
    expect(pointsBefore.filter((p) => !after.has(`${p.series}@${p.at}`))).toEqual([]);
    // Points are written in order: the samples on disk are exactly those the sockets saw up to the last one stored.
    const storedAts = (db.prepare(committedSql).all() as Rows).filter((p) => p.series === 'cpu.total').map((p) => p.at);
    const lastStored = Math.max(...storedAts);
    const seen = sockets[0]!.samples.map((s) => s.at).filter((at) => at <= lastStored);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((at) => !storedAts.includes(at))).toEqual([]);
    expect(db.prepare("SELECT id, identity, severity, state FROM alerts WHERE rule = 'model-latency'").all()).toEqual(expect.arrayContaining(alertsBefore));
    expect(db.prepare('SELECT id, dedupe_key AS key, payload FROM alert_outbox ORDER BY id').all()).toEqual(expect.arrayContaining(outboxBefore));
    db.close();

    // The restarted host opens the same file and delivers what was still queued: every slow model is notified.
    hook.state.accepting = true;
    const again = await startServeProcess(dataDir);
    closers.push(() => again.stop());
    const notified = () => new Set(hook.alerts.filter((a) => a.alertname === 'model-latency').map((a) => a.resource));
    await expect.poll(() => [...notified()].sort(), { timeout: 30_000, interval: 200 }).toEqual(['slow-0', 'slow-1', 'slow-2']);
    const check = new Database(join(dataDir, 'vigil.db'), { readonly: true });
    await expect.poll(() => (check.prepare('SELECT count(*) AS n FROM alert_outbox WHERE delivered_at IS NULL').get() as { n: number }).n, { timeout: 30_000 }).toBe(0);
    check.close();
  });
});
