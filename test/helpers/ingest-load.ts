// The load of a small team's scoring services on one `vigil serve`: clients posting batches of model
// metrics as fast as the host answers, browser-like WebSocket clients subscribed to samples, and a
// history query every second. Shared by the soak benchmark and the soak and crash tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { seededRandom } from './seeded-random';

/** The `vigil` to run: this checkout's, or another build's to compare with (`VIGIL_BIN`). */
const vigil = process.env.VIGIL_BIN ?? fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  origin: string;
  /** The admin token (API, WebSocket). */
  token: string;
  /** The token scripts post model metrics with. */
  ingestToken: string;
  dataDir: string;
  /** Resident memory of the host process now, from /proc. */
  rssBytes(): number;
  /** SIGTERM, and resolves when the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL, and resolves when the process is gone. */
  kill(): Promise<void>;
}

/** A scope's token from the data directory; builds before scoped tokens kept one `server-token`. */
function readToken(dataDir: string, scope: 'admin' | 'ingest'): string {
  const scoped = join(dataDir, `${scope}-token`);
  return readFileSync(existsSync(scoped) ? scoped : join(dataDir, 'server-token'), 'utf8').trim();
}

/** `vigil serve` in its own process over `dataDir`, on a free loopback port, with a tiny UI folder. */
export async function startServeProcess(dataDir: string, config?: object): Promise<ServeProcess> {
  if (config) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  const ui = join(dataDir, 'ui');
  mkdirSync(ui, { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Vigil</title>');
  const child = spawn(process.execPath, [vigil, '--data-dir', dataDir, 'serve', '--port', '0', '--no-open', '--ui', ui], { stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors = (errors + String(chunk)).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const match = /Vigil is running at (\S+)/.exec(out);
      if (match) resolve(new URL(match[1]!));
    });
    child.once('exit', (code) => reject(new Error(`vigil serve exited with ${code} before listening: ${errors}`)));
  });
  child.stdout!.resume();
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    child,
    pid: child.pid!,
    origin: url.origin,
    token: readToken(dataDir, 'admin'),
    ingestToken: readToken(dataDir, 'ingest'),
    dataDir,
    rssBytes: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    stop: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
  };
}

export interface LoadOptions {
  durationMs: number;
  ingestClients: number;
  recordsPerBatch: number;
  models: number;
  latenciesPerRecord: number;
  socketClients: number;
  historyEveryMs: number;
  /** Models `slow-0` … that report latencies above the critical threshold (5 s), so alerts fire under load. */
  slowModels?: number;
  /** Called about once a second with the seconds elapsed. */
  onSecond?: (second: number) => void;
  /** Ends the load early when it resolves. */
  until?: Promise<unknown>;
}

export interface SocketClient {
  /** Each `monitor.sample` received, in order: its time and the host's event-loop lag p99 then. */
  samples: { at: number; lagP99Ms: number | null; models: number }[];
  frames: number;
  alertEvents: { id: number; state: string; severity: string }[];
  closed: boolean;
  close(): void;
}

export interface LoadReport {
  seconds: number;
  requests: number;
  failedRequests: number;
  failures: string[];
  recordsAccepted: number;
  ingestMs: Float64Array;
  historyQueries: number;
  historyFailures: number;
  sockets: SocketClient[];
  rss: { second: number; bytes: number }[];
}

/** A seeded generator, so every run sees the same values. */
const random = (seed: number): (() => number) => seededRandom(seed).next;

export const modelName = (i: number) => `model-${String(i).padStart(4, '0')}`;

/** Batch bodies covering every model: log-normal latencies, bimodal for every third model. */
function batchBodies(options: LoadOptions): string[] {
  const rand = random(1);
  const batches = Math.ceil(options.models / options.recordsPerBatch);
  return Array.from({ length: batches }, (_, b) => {
    const records = Array.from({ length: options.recordsPerBatch }, (_, r) => {
      const m = (b * options.recordsPerBatch + r) % options.models;
      const latency_ms = Array.from({ length: options.latenciesPerRecord }, () => {
        const base = m % 3 === 0 && rand() < 0.1 ? 200 : 20;
        return Math.round(base * Math.exp(0.5 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())) * 100) / 100;
      });
      return { model: modelName(m), errors: rand() < 0.1 ? 1 : 0, latency_ms, gauges: { queue_depth: Math.floor(10 * rand()) } };
    });
    return JSON.stringify(records);
  });
}

/**
 * The socket clients' work, in a worker thread of their own: like browsers, they parse every sample
 * (a thousand models' worth, five times a second) without holding up the ingest clients, whose
 * request times would otherwise include that parsing.
 */
const socketWorkerCode = `
const { createRequire } = require('node:module');
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = createRequire(workerData.from)('ws');
const sockets = [];
workerData.clients.forEach((_, index) => {
  const socket = new WebSocket(workerData.url, { headers: { authorization: 'Bearer ' + workerData.token } });
  sockets.push(socket);
  socket.once('open', () => {
    socket.send(JSON.stringify({ type: 'subscribe', event: 'monitor.sample' }));
    socket.send(JSON.stringify({ type: 'subscribe', event: 'alert.changed' }));
    parentPort.postMessage({ index, type: 'open' });
  });
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    const payload = message.payload;
    if (message.event === 'monitor.sample') {
      parentPort.postMessage({ index, type: 'sample', sample: { at: payload.at, lagP99Ms: payload.eventLoopLagMs ? payload.eventLoopLagMs.p99 : null, models: payload.models.length } });
    } else if (message.event === 'alert.changed') {
      parentPort.postMessage({ index, type: 'alert', alert: { id: payload.id, state: payload.state, severity: payload.severity } });
    } else {
      parentPort.postMessage({ index, type: 'frame' });
    }
  });
  socket.on('close', () => parentPort.postMessage({ index, type: 'closed' }));
  socket.on('error', (error) => parentPort.postMessage({ index, type: 'error', message: error.message }));
});
parentPort.on('message', (m) => m === 'close' && sockets.forEach((s) => s.terminate()));
`;

type SocketWorkerMessage =
  | { index: number; type: 'open' | 'frame' | 'closed' }
  | { index: number; type: 'error'; message: string }
  | { index: number; type: 'sample'; sample: SocketClient['samples'][number] }
  | { index: number; type: 'alert'; alert: SocketClient['alertEvents'][number] };

/** `count` WebSocket clients subscribed to samples and alerts, connected when this resolves. */
async function connectSockets(origin: string, token: string, count: number): Promise<SocketClient[]> {
  if (count === 0) return [];
  const worker = new Worker(socketWorkerCode, {
    eval: true,
    workerData: { from: fileURLToPath(import.meta.url), url: `${origin.replace('http', 'ws')}/api/ws`, token, clients: Array.from({ length: count }) },
  });
  let open = 0;
  const clients: SocketClient[] = Array.from({ length: count }, () => ({
    samples: [], frames: 0, alertEvents: [], closed: false, close: () => worker.postMessage('close'),
  }));
  const connected = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: SocketWorkerMessage) => {
      const client = clients[m.index]!;
      if (m.type === 'open' && ++open === count) resolve();
      if (m.type === 'sample' || m.type === 'alert' || m.type === 'frame') client.frames++;
      if (m.type === 'sample') client.samples.push(m.sample);
      else if (m.type === 'alert') client.alertEvents.push(m.alert);
      else if (m.type === 'closed') client.closed = true;
      else if (m.type === 'error' && open < count) reject(new Error(m.message)); // later, a killed host's sockets just close
      if (clients.every((c) => c.closed)) void worker.terminate();
    });
    worker.once('error', reject);
  });
  await connected;
  return clients;
}

/** Runs the load against a host and reports what every client saw. */
export async function runLoad(host: Pick<ServeProcess, 'origin' | 'token' | 'ingestToken' | 'rssBytes'>, options: LoadOptions): Promise<LoadReport> {
  const headers = { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' };
  const ingestHeaders = { ...headers, authorization: `Bearer ${host.ingestToken}` };
  const bodies = batchBodies(options);
  const slowBody =
    options.slowModels && JSON.stringify(Array.from({ length: options.slowModels }, (_, i) => ({ model: `slow-${i}`, latency_ms: [6000, 7000, 8000] })));
  const sockets = await connectSockets(host.origin, host.token, options.socketClients);
  const report: LoadReport = {
    seconds: 0, requests: 0, failedRequests: 0, failures: [], recordsAccepted: 0, ingestMs: new Float64Array(0),
    historyQueries: 0, historyFailures: 0, sockets, rss: [],
  };
  const fail = (what: string) => {
    report.failedRequests++;
    if (report.failures.length < 10) report.failures.push(what);
  };
  let ingestMs = new Float64Array(1 << 16);
  const started = performance.now();
  let stopped = false;
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, options.durationMs));
  void Promise.race([deadline, options.until ?? deadline]).then(() => (stopped = true));

  const ingestClient = async (c: number) => {
    for (let k = c * 7; !stopped; k++) {
      const body = slowBody && k % 50 === 0 ? slowBody : bodies[k % bodies.length]!;
      const t = performance.now();
      try {
        const res = await fetch(`${host.origin}/api/v1/ingest`, { method: 'POST', body, headers: ingestHeaders });
        const text = await res.text();
        if (res.status !== 202) fail(`ingest ${res.status}: ${text.slice(0, 200)}`);
        else report.recordsAccepted += (JSON.parse(text) as { accepted: number }).accepted;
      } catch (error) {
        if (stopped) break;
        fail(`ingest: ${(error as Error).message}`);
      }
      if (report.requests === ingestMs.length) {
        const grown = new Float64Array(ingestMs.length * 2);
        grown.set(ingestMs);
        ingestMs = grown;
      }
      ingestMs[report.requests++] = performance.now() - t;
    }
  };
  const historyClient = async () => {
    while (!stopped) {
      const now = Date.now();
      const input = { series: ['cpu.total', `model.latency_p95{${modelName(0)}}`, `model.predictions_per_second{${modelName(1)}}`], from: now - 3_600_000, to: now, points: 600 };
      try {
        const res = await fetch(`${host.origin}/api/v1/rpc`, { method: 'POST', body: JSON.stringify({ method: 'monitor.history', input }), headers });
        const result = (await res.json()) as { ok: boolean };
        report.historyQueries++;
        if (!result.ok) report.historyFailures++;
      } catch {
        if (!stopped) report.historyFailures++;
      }
      await Promise.race([new Promise((resolve) => setTimeout(resolve, options.historyEveryMs)), deadline]);
    }
  };
  const rssWatch = async () => {
    for (let second = 0; !stopped; second++) {
      try {
        report.rss.push({ second, bytes: host.rssBytes() });
      } catch {
        break; // the process is gone
      }
      options.onSecond?.(second);
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 1000)), deadline]);
    }
  };
  await Promise.all([...Array.from({ length: options.ingestClients }, (_, c) => ingestClient(c)), historyClient(), rssWatch()]);
  report.seconds = (performance.now() - started) / 1000;
  // The last sample of the run reaches every socket before they close.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  for (const s of sockets) s.close();
  report.ingestMs = ingestMs.slice(0, report.requests);
  return report;
}

/** The samples every socket saw between the latest first sample and the earliest last one, and who missed any. */
export function commonSamples(sockets: SocketClient[]): { window: number[]; missing: number[] } {
  const from = Math.max(...sockets.map((s) => s.samples[0]?.at ?? Infinity));
  const to = Math.min(...sockets.map((s) => s.samples.at(-1)?.at ?? -Infinity));
  const seen = sockets.map((s) => s.samples.map((x) => x.at).filter((at) => at >= from && at <= to));
  const all = [...new Set(seen.flat())].sort((a, b) => a - b);
  return { window: all, missing: seen.map((list) => all.length - new Set(list).size) };
}

/** The value at rank ⌊q·(n−1)⌋. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[Math.floor(q * (sorted.length - 1))]! : NaN;
}

/** Bytes of the database with its write-ahead log. */
export function databaseBytes(dataDir: string): number {
  const size = (name: string) => {
    try {
      return statSync(join(dataDir, name)).size;
    } catch {
      return 0;
    }
  };
  return size('vigil.db') + size('vigil.db-wal');
}
