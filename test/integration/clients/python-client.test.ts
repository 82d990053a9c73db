import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../helpers/running-host';

const clientDir = new URL('../../../clients/python/', import.meta.url).pathname;
const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) console.warn('python3 is not installed: the Python client tests are skipped (CI installs python3)');

interface Python {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
/** python3 with the client importable; `args` after the interpreter. */
function python(args: string[], env: Record<string, string>): Python {
  const child = spawn('python3', args, { cwd: clientDir, env: { PATH: process.env.PATH!, PYTHONPATH: clientDir, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Logs five steps at once, waits for a line on stdin, then finishes.
const loop = `
import sys
from vigil_client import VigilRun
run = VigilRun("py-run", flush_seconds=0)
for step in range(1, 6):
    run.log(step=step, loss=1.0 / step, samples_per_second=250.0)
sys.stdin.readline()
run.finish()
`;

describe.skipIf(!hasPython)('the Python client (clients/python/vigil_client.py) against a live Vigil', () => {
  let host: TestHost | null = null;
  let front: Server | null = null;
  afterEach(async () => {
    if (front) await new Promise((resolve) => front!.close(resolve));
    front = null;
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill();
    await host?.stop();
    host = null;
  });

  it('reports a run: its step, loss and samples/s arrive as gauges, and finish() ends it with an INFO event', async () => {
    host = await startTestHost({ config: { monitor: { intervalMs: 200, gpu: { enabled: false } } } });
    const app = host.app;
    const py = python(['-c', loop], { VIGIL_URL: host.origin, VIGIL_DATA_DIR: host.dataDir });
    await expect.poll(() => app.monitor.latest?.models.find((m) => m.model === 'py-run')?.gauges, { timeout: 10_000 }).toEqual({ step: 5, loss: 0.2, samples_per_second: 250 });
    const stored = app.monitor.history(['model.gauge.step{py-run}'], Date.now() - 60_000, Date.now() + 1000, 100).series[0]!.points;
    expect(stored.length).toBeGreaterThan(0);

    py.child.stdin!.end('\n');
    expect(await py.exited).toBe(0);
    expect(py.stderr()).toBe('');
    await expect.poll(() => app.alerts.history({ rule: 'run-finished' }).map((h) => h.alert.resource)).toEqual(['py-run']);
    expect(app.alerts.history({ rule: 'run-finished' })[0]!.alert.severity).toBe('INFO');
    expect(app.alerts.open().filter((a) => a.resource === 'py-run')).toEqual([]); // the real machine may have its own
  });

  it('runs the example training loop to the end (a context manager that finishes on a clean exit)', async () => {
    host = await startTestHost({ config: { monitor: { intervalMs: 200, gpu: { enabled: false } } } });
    const py = python(['example.py', '6', '0.05', 'example-run'], { VIGIL_URL: host.origin, VIGIL_INGEST_TOKEN: host.tokens.ingest });
    expect(await py.exited).toBe(0);
    expect(py.stderr()).toBe('');
    await expect.poll(() => host!.app.alerts.history({ rule: 'run-finished' }).map((h) => h.alert.resource)).toEqual(['example-run']);
  });

  it('never raises into the training loop when Vigil is unreachable: one warning, and the loop runs to its end', async () => {
    const port = await closedPort();
    const py = python(['-c', `${loop}\nprint("trained")`], { VIGIL_URL: `http://127.0.0.1:${port}`, VIGIL_INGEST_TOKEN: 'x' });
    py.child.stdin!.end('\n');
    expect(await py.exited).toBe(0);
    const warnings = py.stderr().trim().split('\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^vigil_client: cannot reach Vigil at http:\/\/127\.0\.0\.1:\d+\/api\/v1\/ingest: .*refused.*training goes on/);
  });

  it('keeps at most max_buffer records while Vigil is unreachable, dropping the oldest', async () => {
    const port = await closedPort();
    const script = `
from vigil_client import VigilRun
run = VigilRun("py-run", flush_seconds=0, max_buffer=3)
for step in range(1, 11):
    run.log(step=step)
print(run.dropped)
`;
    const py = python(['-c', script], { VIGIL_URL: `http://127.0.0.1:${port}`, VIGIL_INGEST_TOKEN: 'x' });
    let out = '';
    py.child.stdout!.on('data', (chunk) => (out += String(chunk)));
    expect(await py.exited).toBe(0);
    expect(out.trim()).toBe('7');
  });

  it('does not hold up every step when Vigil accepts connections but never answers: after a failed post, it waits before the next', async () => {
    let connections = 0;
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer((socket) => {
      connections++;
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const script = `
from vigil_client import VigilRun
run = VigilRun("py-run", flush_seconds=0, timeout_seconds=1)
for step in range(1, 21):
    run.log(step=step)
`;
    try {
      const py = python(['-c', script], { VIGIL_URL: `http://127.0.0.1:${port}`, VIGIL_INGEST_TOKEN: 'x' });
      expect(await py.exited).toBe(0);
      // One post timed out; the 19 steps after it, within the following second, did not try again.
      expect(connections).toBe(1);
      expect(py.stderr()).toMatch(/^vigil_client: cannot reach Vigil at .*timed out.*\n$/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('keeps what it could not send while Vigil answers 503, and delivers all of it, in order, once Vigil is back', async () => {
    host = await startTestHost({ config: { monitor: { intervalMs: 200, gpu: { enabled: false } } } });
    // A front that answers the first two posts with 503 and passes the rest on to Vigil, counting the records.
    const delivered: number[] = [];
    let posts = 0;
    const target = host.origin;
    front = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        if (++posts <= 2) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('restarting');
          return;
        }
        const body = Buffer.concat(chunks);
        const records = JSON.parse(body.toString()) as { gauges?: { step?: number } }[];
        const answer = await fetch(`${target}/api/v1/ingest`, { method: 'POST', headers: { authorization: req.headers.authorization!, 'content-type': 'application/json' }, body });
        if (answer.ok) delivered.push(...records.map((r) => r.gauges?.step ?? -1));
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => front!.listen(0, '127.0.0.1', resolve));
    const { port } = front.address() as { port: number };
    const py = python(['-c', loop], { VIGIL_URL: `http://127.0.0.1:${port}`, VIGIL_INGEST_TOKEN: host.tokens.ingest });
    py.child.stdin!.end('\n');
    expect(await py.exited).toBe(0);
    // Steps 1 and 2 waited through the 503s and went with step 3; -1 is the finish record.
    expect(delivered).toEqual([1, 2, 3, 4, 5, -1]);
    expect(py.stderr().trim().split('\n')).toEqual([
      'vigil_client: Vigil answered 503: restarting (training goes on; reports are kept and retried)',
      'vigil_client: reports reach Vigil again',
    ]);
    await expect.poll(() => host!.app.alerts.history({ rule: 'run-finished' }).map((h) => h.alert.resource)).toEqual(['py-run']);
  });

  it('says once that Vigil refuses a wrong token, and drops what it cannot send', async () => {
    host = await startTestHost({ config: { monitor: { intervalMs: 200, gpu: { enabled: false } } } });
    const py = python(['-c', loop], { VIGIL_URL: host.origin, VIGIL_INGEST_TOKEN: 'not-the-token' });
    py.child.stdin!.end('\n');
    expect(await py.exited).toBe(0);
    const warnings = py.stderr().trim().split('\n');
    expect(warnings).toEqual([expect.stringMatching(/^vigil_client: Vigil refused 1 records \(401\): a valid ingest token is required.*these records are dropped\)$/)]);
    expect(host.app.monitor.latest?.models ?? []).toEqual([]);
  });
});
