import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertEngine } from '../../../../main/alerts/alert-engine';
import { OutboxDeliverer } from '../../../../main/alerts/outbox-deliverer';
import { createAlertsRepository } from '../../../../main/store/alerts-repository';
import { openStore } from '../../../../main/store/open';
import { Config } from '../../../../shared/config';
import { normals, writeCsv } from '../../../helpers/dataset-files';
import { runVigil } from '../../../helpers/run-cli';
import { startTestHost } from '../../../helpers/running-host';
import { tempDir } from '../../../helpers/temp-dir';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A webhook receiver on 127.0.0.1 whose answer each test decides. */
async function webhookServer(answer: (req: IncomingMessage, body: string) => number | 'hang') {
  const received: { body: unknown; headers: IncomingMessage['headers'] }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = answer(req, body);
      if (status === 'hang') return; // never answers: the attempt must time out
      if (status < 300) received.push({ body: JSON.parse(body), headers: req.headers });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

/** A real SMTP server; `reject` answers 451 (try later) to the next messages. */
async function smtpServer(port = 0) {
  const messages: { from: string; to: string[]; raw: string }[] = [];
  const state = { reject: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c) => (raw += c));
      stream.on('end', () => {
        if (state.reject > 0) {
          state.reject--;
          const error = new Error('mailbox busy, try later') as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        messages.push({ from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  closers.push(close);
  return { port: (server.server.address() as AddressInfo).port, messages, state, close };
}

function setup(channels: object[], dataDir = tempDir(), timing: { realClock?: boolean; baseBackoffMs?: number } = {}) {
  const db = openStore(dataDir);
  const repository = createAlertsRepository(db);
  // Delivery itself is under test here: each notice goes out as soon as it is queued, not grouped.
  const config = Config.parse({ alerts: { channels, groupWaitSeconds: 0 } }).alerts;
  const clock = { now: Date.UTC(2026, 10, 30, 8, 0, 0) };
  const health: [string, string | null][] = [];
  const now = timing.realClock ? Date.now : () => clock.now;
  const engine = new AlertEngine({ repository, config: () => config, now, onChange: () => {}, onQueued: () => deliverer.wake() });
  const deliverer = new OutboxDeliverer({
    repository,
    channels: () => config.channels,
    dataDir,
    now,
    desktop: async () => {},
    onChannelHealth: (name, error) => health.push([name, error]),
    attemptTimeoutMs: 500,
    baseBackoffMs: timing.baseBackoffMs ?? 1000,
    maxAttempts: 4,
  });
  closers.push(async () => {
    await deliverer.stop();
    db.close();
  });
  return { db, repository, engine, deliverer, clock, health, dataDir };
}

describe('the outbox with real servers', () => {
  it('email: a message a person can read reaches the SMTP server', async () => {
    const smtp = await smtpServer();
    const { engine, deliverer, repository } = setup([{ name: 'mail', type: 'email', host: '127.0.0.1', port: smtp.port, from: 'vigil@box.local', to: ['lead@team.local'] }]);
    engine.observe([['model.error_rate{ranker}', 20]]);
    await deliverer.deliverDue();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ from: 'vigil@box.local', to: ['lead@team.local'] });
    expect(smtp.messages[0]!.raw).toMatch(/^Subject: \[Vigil\] CRITICAL: ranker error rate 20\.0 %/m);
    expect(smtp.messages[0]!.raw).toMatch(/severity: CRITICAL/);
    expect(repository.notifications()[0]).toMatchObject({ channel: 'mail', attempts: 1, deliveredAt: expect.any(Number) });
  });

  it('email: a 451 answer is retried after the backoff, then delivered once', async () => {
    const smtp = await smtpServer();
    smtp.state.reject = 1;
    const { engine, deliverer, repository, clock } = setup([{ name: 'mail', type: 'email', host: '127.0.0.1', port: smtp.port, from: 'v@b', to: ['l@t'] }]);
    engine.observe([['model.error_rate{ranker}', 20]]);
    await deliverer.deliverDue();
    expect(repository.notifications()[0]).toMatchObject({ attempts: 1, deliveredAt: null, lastError: expect.stringMatching(/451/) });
    await deliverer.deliverDue(); // not due yet
    expect(smtp.messages).toHaveLength(0);
    clock.now += 1000;
    await deliverer.deliverDue();
    expect(smtp.messages).toHaveLength(1);
    clock.now += 60_000;
    await deliverer.deliverDue();
    expect(smtp.messages).toHaveLength(1);
  });

  it('email: a dead server is retried until it comes back', async () => {
    const dead = await smtpServer();
    const port = dead.port;
    await dead.close();
    const { engine, deliverer, repository, clock } = setup([{ name: 'mail', type: 'email', host: '127.0.0.1', port, from: 'v@b', to: ['l@t'] }]);
    engine.observe([['model.error_rate{ranker}', 20]]);
    await deliverer.deliverDue();
    clock.now += 1000;
    await deliverer.deliverDue();
    expect(repository.notifications()[0]).toMatchObject({ attempts: 2, deliveredAt: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
    const back = await smtpServer(port);
    clock.now += 2000;
    await deliverer.deliverDue();
    expect(back.messages).toHaveLength(1);
    expect(repository.notifications()[0]!.deliveredAt).not.toBeNull();
  });

  it('webhook: an Alertmanager-shaped generic body, Slack and Discord formats', async () => {
    const hook = await webhookServer(() => 200);
    const { engine, deliverer } = setup([
      { name: 'generic', type: 'webhook', url: hook.url },
      { name: 'slack', type: 'webhook', url: hook.url, format: 'slack' },
      { name: 'discord', type: 'webhook', url: hook.url, format: 'discord' },
    ]);
    engine.observe([['disk.used_percent{/data}', 97]]);
    engine.observe([['model.latency_p95{ranker}', 7000]]);
    await deliverer.deliverDue();
    const bodies = hook.received.map((r) => r.body as Record<string, unknown>);
    const generic = bodies.find((b) => 'alerts' in b) as { status: string; alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string }[] };
    expect(generic.status).toBe('firing');
    expect(generic.alerts).toEqual([
      expect.objectContaining({ status: 'firing', labels: { alertname: 'model-latency', severity: 'critical', resource: 'ranker' }, annotations: { summary: 'ranker latency p95 7000 ms' }, endsAt: '0001-01-01T00:00:00Z' }),
    ]);
    expect(new Date(generic.alerts[0]!.startsAt).getTime()).toBe(Date.UTC(2026, 10, 30, 8, 0, 0));
    expect(bodies).toContainEqual({ text: '[Vigil] CRITICAL: ranker latency p95 7000 ms' });
    expect(bodies).toContainEqual({ content: '[Vigil] CRITICAL: ranker latency p95 7000 ms' });
    expect(hook.received[0]!.headers['idempotency-key']).toMatch(/^\d+:firing:0:/);
  });

  it('a queued notification goes out at once, not at the next tick; after stop() nothing is sent', async () => {
    const hook = await webhookServer(() => 200);
    const { engine, deliverer, repository } = setup([{ name: 'hook', type: 'webhook', url: hook.url }]);
    deliverer.start(); // nothing is due: it sleeps until something is queued
    await deliverer.deliverDue(); // the pass start() began, with nothing queued yet
    engine.observe([['model.error_rate{ranker}', 20]]);
    await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 5000, interval: 20 });
    expect(JSON.stringify(hook.received[0]!.body)).toContain('ranker error rate');

    await deliverer.stop();
    engine.observe([['model.latency_p95{ranker}', 7000]]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hook.received).toHaveLength(1);
    expect(repository.due(Number.MAX_SAFE_INTEGER, 10)).toHaveLength(1); // kept in the outbox for the next start
  });

  it('a failed notice is retried by the running deliverer on its own when its backoff ends, not before', async () => {
    const attempts: number[] = [];
    const hook = await webhookServer(() => (attempts.push(Date.now()) === 1 ? 500 : 200));
    const { engine, deliverer, repository } = setup([{ name: 'hook', type: 'webhook', url: hook.url }], tempDir(), { realClock: true, baseBackoffMs: 400 });
    deliverer.start();
    engine.observe([['model.error_rate{ranker}', 20]]);
    await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 5000, interval: 20 });
    expect(attempts).toHaveLength(2);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(400 - 5); // not before its backoff: 5 ms for the clocks' rounding
    expect(repository.notifications()[0]).toMatchObject({ attempts: 2, deliveredAt: expect.any(Number), lastError: null });
    expect(repository.nextDue()).toBeNull();
  });

  it('a database that refuses writes costs one resend a second, not a loop of them, and a queued notice still wakes the deliverer after', async () => {
    const hook = await webhookServer(() => 200);
    const { engine, deliverer, repository, db } = setup([{ name: 'hook', type: 'webhook', url: hook.url }], tempDir(), { realClock: true });
    deliverer.start();
    engine.observe([['model.error_rate{ranker}', 20]]); // queued (written) now, delivered on the next turn
    db.pragma('query_only = ON'); // the row can be read and sent, but not marked sent
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(hook.received.length).toBeGreaterThanOrEqual(1);
    expect(hook.received.length).toBeLessThanOrEqual(3); // a pass a second at most

    db.pragma('query_only = OFF');
    await vi.waitFor(() => expect(repository.notifications()[0]!.deliveredAt).not.toBeNull(), { timeout: 3000, interval: 20 });
    const sent = hook.received.length;
    engine.observe([['model.latency_p95{ranker}', 7000]]);
    // At once, not at the end of the deliverer's minute of sleep.
    await vi.waitFor(() => expect(hook.received).toHaveLength(sent + 1), { timeout: 3000, interval: 20 });
  });

  it('a notice `vigil drift` queued in its own process goes out from the running app within a tick or two, not at its next wake-up', { timeout: 40_000 }, async () => {
    const hook = await webhookServer(() => 200);
    const host = await startTestHost({
      config: { monitor: { intervalMs: 250, gpu: { enabled: false } }, alerts: { groupWaitSeconds: 0, channels: [{ name: 'hook', type: 'webhook', url: hook.url }] } },
    });
    closers.push(() => host.stop());
    await vi.waitFor(() => expect(host.app.monitor.latest).not.toBeNull(), { timeout: 5000 });
    const z = normals(7);
    const column = (n: number, shift: number) => Array.from({ length: n }, () => [(z() + shift).toFixed(4)]);
    const reference = writeCsv('reference.csv', ['x'], column(2000, 0));
    const current = writeCsv('current.csv', ['x'], column(2000, 1));

    const run = await runVigil(['--data-dir', host.dataDir, 'drift', reference, current, '--json']);
    expect(run.status).toBe(0);
    // Well within the minute the deliverer sleeps when nothing of its own is due.
    await vi.waitFor(() => expect(hook.received).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(JSON.stringify(hook.received[0]!.body)).toContain('current.csv');
  });

  it('webhook: 500s and timeouts are retried; after the last attempt the channel is reported down', async () => {
    let calls = 0;
    const hook = await webhookServer(() => (++calls === 1 ? 500 : calls === 2 ? 'hang' : 200));
    const { engine, deliverer, repository, clock, health } = setup([{ name: 'hook', type: 'webhook', url: hook.url }]);
    engine.observe([['model.error_rate{ranker}', 20]]);
    await deliverer.deliverDue();
    expect(repository.notifications()[0]!.lastError).toMatch(/HTTP 500/);
    clock.now += 1000;
    await deliverer.deliverDue();
    expect(repository.notifications()[0]!.lastError).toMatch(/timeout|abort/i);
    clock.now += 2000;
    await deliverer.deliverDue();
    expect(hook.received).toHaveLength(1);
    expect(health.at(-1)).toEqual(['hook', null]);

    const down = await webhookServer(() => 503);
    const other = setup([{ name: 'down', type: 'webhook', url: down.url }]);
    other.engine.observe([['model.error_rate{x}', 20]]);
    for (let i = 0; i < 4; i++) {
      await other.deliverer.deliverDue();
      other.clock.now += 10_000;
    }
    expect(other.repository.notifications()[0]).toMatchObject({ attempts: 4, failedAt: expect.any(Number), deliveredAt: null });
    expect(other.health.at(-1)).toEqual(['down', 'HTTP 503 from the webhook']);
  });

  it('nothing is lost across a restart with undelivered rows, and nothing is delivered twice', async () => {
    let up = false;
    const hook = await webhookServer(() => (up ? 200 : 503));
    const dataDir = tempDir();
    const first = setup([{ name: 'hook', type: 'webhook', url: hook.url }], dataDir);
    first.engine.observe([['model.error_rate{ranker}', 20], ['model.latency_p95{embedder}', 9000]]);
    await first.deliverer.deliverDue();
    await first.deliverer.stop();
    first.db.close();

    up = true;
    const second = setup([{ name: 'hook', type: 'webhook', url: hook.url }], dataDir);
    second.clock.now += 5000;
    await Promise.all([second.deliverer.deliverDue(), second.deliverer.deliverDue()]);
    second.clock.now += 600_000;
    await second.deliverer.deliverDue();
    const summaries = hook.received.flatMap((r) => (r.body as { alerts: { annotations: { summary: string } }[] }).alerts.map((a) => a.annotations.summary));
    expect(summaries.sort()).toEqual(['embedder latency p95 9000 ms', 'ranker error rate 20.0 %']);
  });

  it('log: JSON lines in <data-dir>/logs/alerts.log, rotated by size', async () => {
    const { engine, deliverer, dataDir } = setup([{ name: 'log', type: 'log', maxBytes: 4096 }]);
    for (let i = 0; i < 30; i++) {
      engine.setCondition({ rule: 'test', resource: `r${i}`, severity: 'ERROR', summary: `condition ${i} ${'x'.repeat(100)}` });
      await deliverer.deliverDue();
    }
    const current = readFileSync(join(dataDir, 'logs', 'alerts.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const rotated = readFileSync(join(dataDir, 'logs', 'alerts.log.1'), 'utf8').trim().split('\n');
    expect(current.at(-1)).toMatchObject({ kind: 'firing', rule: 'test', resource: 'r29', severity: 'ERROR' });
    expect(rotated.length + current.length).toBeLessThanOrEqual(30);
    expect(rotated.length).toBeGreaterThan(0);
  });
});

describe('forwarding to Prometheus Alertmanager', () => {
  it('posts to /api/v2/alerts, re-sends each minute while firing, and sends endsAt when resolved', async () => {
    const received: { path: string; body: { labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt?: string }[] }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ path: req.url!, body: JSON.parse(body) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { engine, deliverer, clock } = setup([{ name: 'am', type: 'alertmanager', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }]);
    engine.observe([['model.error_rate{ranker}', 20]]);
    await deliverer.deliverDue();
    clock.now += 30_000;
    engine.observe([['model.error_rate{ranker}', 20]]);
    await deliverer.deliverDue();
    clock.now += 31_000;
    engine.observe([['model.error_rate{ranker}', 20]]);
    await deliverer.deliverDue();
    expect(received).toHaveLength(2);
    expect(received[0]).toEqual({
      path: '/api/v2/alerts',
      body: [{ labels: { alertname: 'model-error-rate', severity: 'critical', instance: 'vigil', resource: 'ranker' }, annotations: { summary: 'ranker error rate 20.0 %' }, startsAt: new Date(Date.UTC(2026, 10, 30, 8)).toISOString() }],
    });
    engine.observe([['model.error_rate{ranker}', 0]]);
    await deliverer.deliverDue();
    expect(received[2]!.body[0]!.endsAt).toBe(new Date(clock.now).toISOString());
  });
});
