import { request } from 'node:http';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHost, type TestHost } from '../../../helpers/running-host';
import { tempDir } from '../../../helpers/temp-dir';

/** A raw request, so paths like `/../x` reach the server exactly as written. */
function raw(host: TestHost, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  return new Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.host.port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function upgrade(host: TestHost, query: string, headers: Record<string, string> = {}) {
  return new Promise<{ opened: boolean; status?: number }>((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.host.port}/api/ws${query}`, { headers });
    socket.on('open', () => {
      socket.close();
      resolve({ opened: true });
    });
    socket.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    socket.on('error', () => resolve({ opened: false }));
  });
}

describe('the headless host', () => {
  let host: TestHost;
  let secretOutside: string;
  beforeAll(async () => {
    const outside = tempDir();
    secretOutside = join(outside, 'secret.txt');
    writeFileSync(secretOutside, 'TOP SECRET');
    const ui = join(tempDir(), 'ui');
    mkdirSync(ui);
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Vigil</title>');
    symlinkSync(secretOutside, join(ui, 'leak.txt'));
    host = await startTestHost({ uiDir: ui });
  });
  afterAll(() => host.stop());

  describe('token', () => {
    it('answers 401 and nothing else without a token, or with a wrong one', async () => {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { cookie: 'vigil_token=wrong' }];
      for (const headers of attempts) {
        const res = await raw(host, '/', headers);
        expect(res.status).toBe(401);
        expect(res.text).not.toContain('Vigil</title>');
      }
      expect((await raw(host, '/?token=wrong')).status).toBe(401);
      expect((await raw(host, '/metrics')).status).toBe(401);
      expect((await raw(host, '/api/v1/rpc', {}, 'POST', '{"method":"app.info"}')).status).toBe(401);
    });

    it('accepts ?token=, turns it into an HttpOnly cookie, then accepts the cookie and a bearer token', async () => {
      const first = await raw(host, `/?token=${host.token}`);
      expect(first.status).toBe(200);
      expect(first.text).toContain('<title>Vigil</title>');
      const cookie = String(first.headers['set-cookie']);
      expect(cookie).toMatch(/vigil_token=.*HttpOnly.*SameSite=Strict/);
      expect((await raw(host, '/', { cookie: cookie.split(';')[0]! })).status).toBe(200);
      expect((await raw(host, '/', { authorization: `Bearer ${host.token}` })).status).toBe(200);
    });

    it('requires the token on WebSocket upgrades', async () => {
      expect(await upgrade(host, '')).toEqual({ opened: false, status: 401 });
      expect(await upgrade(host, '?token=nope')).toEqual({ opened: false, status: 401 });
      expect(await upgrade(host, `?token=${host.token}`)).toEqual({ opened: true });
    });

    it('keeps the token in the data directory, private, and reuses it on the next start', async () => {
      const { loadOrCreateToken } = await import('../../../../main/server/token');
      const { statSync } = await import('node:fs');
      expect(loadOrCreateToken(host.dataDir)).toBe(host.token);
      expect(statSync(join(host.dataDir, 'server-token')).mode & 0o777).toBe(0o600);
    });
  });

  describe('Origin', () => {
    it('refuses WebSocket upgrades from a foreign origin even with the token', async () => {
      expect(await upgrade(host, `?token=${host.token}`, { origin: 'http://evil.example' })).toEqual({ opened: false, status: 403 });
      expect(await upgrade(host, `?token=${host.token}`, { origin: `http://127.0.0.1:${host.host.port + 1}` })).toMatchObject({
        opened: false,
        status: 403,
      });
    });

    it('accepts the page\'s own origin', async () => {
      expect(await upgrade(host, `?token=${host.token}`, { origin: host.origin })).toEqual({ opened: true });
    });
  });

  describe('static files', () => {
    const auth = () => ({ authorization: `Bearer ${host.token}` });

    it('cannot be escaped with .. in any spelling', async () => {
      for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%5c..%5cetc%5cpasswd', '/%00index.html']) {
        const res = await raw(host, path, auth());
        expect(res.status, path).toBe(404);
        expect(res.text).not.toMatch(/root:/);
      }
    });

    it('does not follow a symlink out of the UI folder', async () => {
      const res = await raw(host, '/leak.txt', auth());
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('TOP SECRET');
    });
  });

  describe('API over HTTP', () => {
    const auth = () => ({ authorization: `Bearer ${host.token}`, 'content-type': 'application/json' });

    it('dispatches a contract call', async () => {
      const res = await raw(host, '/api/v1/rpc', auth(), 'POST', JSON.stringify({ method: 'config.get' }));
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ ok: true, value: { server: { host: '127.0.0.1' } } });
    });

    it('refuses bodies over the cap with 413 and bad JSON with 400', async () => {
      const big = JSON.stringify({ method: 'config.update', input: { pad: 'x'.repeat(2 * 1024 * 1024) } });
      expect((await raw(host, '/api/v1/rpc', auth(), 'POST', big)).status).toBe(413);
      const bad = await raw(host, '/api/v1/rpc', auth(), 'POST', '{"method": ');
      expect(bad.status).toBe(400);
      expect(bad.text).toMatch(/not valid JSON/);
    });

    it('answers 400 with the contract error for an invalid call', async () => {
      const res = await raw(host, '/api/v1/rpc', auth(), 'POST', JSON.stringify({ method: 'nope' }));
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toEqual({ ok: false, error: { code: 'invalid_request', message: 'unknown method "nope"' } });
    });
  });

  describe('/metrics', () => {
    it('answers Prometheus text with the bearer token', async () => {
      const res = await raw(host, '/metrics', { authorization: `Bearer ${host.token}` });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.text).toMatch(/^# TYPE vigil_build_info gauge$/m);
      expect(res.text).toMatch(/^vigil_build_info\{version="\d+\.\d+\.\d+",node="[\d.]+"\} 1$/m);
      const uptime = Number(/^vigil_uptime_seconds (\S+)$/m.exec(res.text)![1]);
      expect(uptime).toBeGreaterThanOrEqual(0);
      expect(uptime).toBeLessThan(600);
    });
  });
});
