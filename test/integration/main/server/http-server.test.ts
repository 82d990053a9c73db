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

function upgrade(host: TestHost, options: { protocols?: string[]; headers?: Record<string, string>; path?: string } = {}) {
  return new Promise<{ opened: boolean; status?: number; protocol?: string }>((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.host.port}${options.path ?? '/api/ws'}`, options.protocols ?? [], { headers: options.headers });
    socket.on('open', () => {
      const protocol = socket.protocol;
      socket.close();
      resolve({ opened: true, ...(protocol && { protocol }) });
    });
    socket.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    socket.on('error', () => resolve({ opened: false }));
  });
}

describe('the headless host', () => {
  let host: TestHost;
  let secretOutside: string;
  let ui: string;
  beforeAll(async () => {
    const outside = tempDir();
    secretOutside = join(outside, 'secret.txt');
    writeFileSync(secretOutside, 'TOP SECRET');
    ui = join(tempDir(), 'ui');
    mkdirSync(ui);
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Vigil</title>');
    symlinkSync(secretOutside, join(ui, 'leak.txt'));
    host = await startTestHost({ uiDir: ui });
  });
  afterAll(() => host.stop());

  describe('credentials', () => {
    const rpc = (headers: Record<string, string>, path = '/api/v1/rpc') =>
      raw(host, path, { 'content-type': 'application/json', ...headers }, 'POST', '{"method":"app.info"}');

    it('serves the UI files without a credential, and never sets a cookie', async () => {
      const page = await raw(host, '/');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<title>Vigil</title>');
      expect(page.headers['set-cookie']).toBeUndefined();
    });

    it('answers API calls only with the admin token as a bearer header: not from a cookie or the query', async () => {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { cookie: `vigil_token=${host.token}` }];
      for (const headers of attempts) {
        const res = await rpc(headers);
        expect(res.status).toBe(401);
        expect(res.text).not.toContain('"ok"');
      }
      expect((await rpc({}, `/api/v1/rpc?token=${host.token}`)).status).toBe(401);
      expect((await raw(host, '/metrics')).status).toBe(401);
      const ok = await rpc({ authorization: `Bearer ${host.token}` });
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.text)).toMatchObject({ ok: true, value: { name: 'Vigil' } });
    });

    it('moves an old ?token= link to the fragment once, and refuses a stale one', async () => {
      const old = await raw(host, `/?token=${host.token}`);
      expect(old.status).toBe(303);
      expect(old.headers.location).toBe(`/#token=${host.token}`);
      expect(old.headers['set-cookie']).toBeUndefined();
      expect((await raw(host, '/?token=wrong')).status).toBe(401);
    });

    it('prints a link that carries the admin token in the fragment only', () => {
      expect(host.host.url).toBe(`${host.origin}/#token=${host.token}`);
    });

    it('opens a WebSocket with the token in Sec-WebSocket-Protocol or a bearer header, never from the query', async () => {
      expect(await upgrade(host)).toEqual({ opened: false, status: 401 });
      expect(await upgrade(host, { path: `/api/ws?token=${host.token}` })).toEqual({ opened: false, status: 401 });
      expect(await upgrade(host, { headers: { cookie: `vigil_token=${host.token}` } })).toEqual({ opened: false, status: 401 });
      expect(await upgrade(host, { protocols: ['vigil', 'vigil.bearer.nope'] })).toEqual({ opened: false, status: 401 });
      expect(await upgrade(host, { protocols: ['vigil', `vigil.bearer.${host.token}`] })).toEqual({ opened: true, protocol: 'vigil' });
      expect(await upgrade(host, { headers: { authorization: `Bearer ${host.token}` } })).toEqual({ opened: true });
    });

    it('keeps three different tokens in the data directory, private, reused on the next start, and retires the old one', async () => {
      const { loadOrCreateToken } = await import('../../../../main/server/token');
      const { existsSync, statSync } = await import('node:fs');
      expect(new Set(Object.values(host.tokens)).size).toBe(3);
      for (const scope of ['admin', 'ingest', 'metrics'] as const) {
        expect(loadOrCreateToken(host.dataDir, scope)).toBe(host.tokens[scope]);
        expect(statSync(join(host.dataDir, `${scope}-token`)).mode & 0o777).toBe(0o600);
      }
      writeFileSync(join(host.dataDir, 'server-token'), 'x'.repeat(40));
      loadOrCreateToken(host.dataDir, 'admin');
      expect(existsSync(join(host.dataDir, 'server-token'))).toBe(false);
    });

    it('gives each token its own routes and nothing else', async () => {
      const ingest = (token: string) =>
        raw(host, '/api/v1/ingest', { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, 'POST', '{"model":"scoped","predictions":1}');
      const metrics = (token: string) => raw(host, '/metrics', { authorization: `Bearer ${token}` });
      expect((await ingest(host.tokens.ingest)).status).toBe(202);
      expect((await metrics(host.tokens.metrics)).status).toBe(200);
      for (const token of [host.tokens.admin, host.tokens.metrics]) {
        const res = await ingest(token);
        expect(res.status).toBe(403);
        expect(res.text).toMatch(/needs the ingest token/);
      }
      for (const token of [host.tokens.admin, host.tokens.ingest]) expect((await metrics(token)).status).toBe(403);
      for (const token of [host.tokens.ingest, host.tokens.metrics]) expect((await rpc({ authorization: `Bearer ${token}` })).status).toBe(403);
      for (const token of [host.tokens.ingest, host.tokens.metrics]) {
        expect(await upgrade(host, { protocols: ['vigil', `vigil.bearer.${token}`] })).toMatchObject({ opened: false, status: 401 });
      }
    });

    it('takes a rotated token at once and refuses the old one', async () => {
      const { rotateToken } = await import('../../../../main/server/token');
      const old = host.tokens.metrics;
      const fresh = rotateToken(host.dataDir, 'metrics');
      expect((await raw(host, '/metrics', { authorization: `Bearer ${old}` })).status).toBe(401);
      expect((await raw(host, '/metrics', { authorization: `Bearer ${fresh}` })).status).toBe(200);
      host.tokens.metrics = fresh;
    });
  });

  describe('cross-site requests', () => {
    const auth = () => ({ authorization: `Bearer ${host.token}` });

    it('refuses a call whose body is not declared as JSON (415), changing nothing', async () => {
      const patch = JSON.stringify({ method: 'config.update', input: { monitor: { intervalMs: 5000 } } });
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await raw(host, '/api/v1/rpc', { ...auth(), 'content-type': type }, 'POST', patch);
        expect(res.status, type).toBe(415);
      }
      expect((await raw(host, '/api/v1/rpc', auth(), 'POST', patch)).status).toBe(415);
      expect(host.app.config.value.monitor.intervalMs).not.toBe(5000);
    });

    it('refuses an API call from another origin even with the token', async () => {
      const res = await raw(host, '/api/v1/rpc', { ...auth(), 'content-type': 'application/json', origin: `http://127.0.0.1:${host.host.port + 1}` }, 'POST', '{"method":"app.info"}');
      expect(res.status).toBe(403);
      const own = await raw(host, '/api/v1/rpc', { ...auth(), 'content-type': 'application/json', origin: host.origin }, 'POST', '{"method":"app.info"}');
      expect(own.status).toBe(200);
    });
  });

  describe('Host allowlist', () => {
    it('answers 403 to a name that is not loopback, before anything else', async () => {
      for (const name of ['evil.example', `evil.example:${host.host.port}`, 'localhost.evil.example', '127.0.0.1.nip.io']) {
        for (const [path, method, headers] of [
          ['/', 'GET', {}],
          ['/nope', 'GET', {}],
          ['/metrics', 'GET', { authorization: `Bearer ${host.tokens.metrics}` }],
          ['/api/v1/rpc', 'POST', { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }],
        ] as const) {
          const res = await raw(host, path, { ...headers, host: name }, method, method === 'POST' ? '{"method":"app.info"}' : undefined);
          expect(res.status, `${name} ${path}`).toBe(403);
          expect(res.text).not.toContain('Vigil</title>');
        }
      }
      expect(await upgrade(host, { protocols: ['vigil', `vigil.bearer.${host.token}`], headers: { host: 'evil.example' } })).toEqual({ opened: false, status: 403 });
    });

    it('serves loopback names and addresses', async () => {
      for (const name of [`localhost:${host.host.port}`, 'localhost', `127.0.0.1:${host.host.port}`, `127.1.2.3:${host.host.port}`, `[::1]:${host.host.port}`, 'LOCALHOST']) {
        expect((await raw(host, '/', { host: name })).status, name).toBe(200);
      }
    });
  });

  describe('Origin', () => {
    const protocols = () => ['vigil', `vigil.bearer.${host.token}`];
    it('refuses WebSocket upgrades from a foreign origin even with the token', async () => {
      expect(await upgrade(host, { protocols: protocols(), headers: { origin: 'http://evil.example' } })).toEqual({ opened: false, status: 403 });
      expect(await upgrade(host, { protocols: protocols(), headers: { origin: `http://127.0.0.1:${host.host.port + 1}` } })).toMatchObject({
        opened: false,
        status: 403,
      });
    });

    it('accepts the page\'s own origin', async () => {
      expect(await upgrade(host, { protocols: protocols(), headers: { origin: host.origin } })).toEqual({ opened: true, protocol: 'vigil' });
    });
  });

  describe('static files', () => {
    it('carry the desktop app\'s CSP, which forbids framing', async () => {
      const { contentSecurityPolicy } = await import('../../../../main/content-security-policy');
      const res = await raw(host, '/');
      expect(res.headers['content-security-policy']).toBe(contentSecurityPolicy);
      expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
    });

    it('cannot be escaped with .. in any spelling', async () => {
      for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%5c..%5cetc%5cpasswd', '/%00index.html']) {
        const res = await raw(host, path);
        expect(res.status, path).toBe(404);
        expect(res.text).not.toMatch(/root:/);
      }
    });

    it('are only the files built before the host started: nothing written into the folder later is served', async () => {
      // What a restore or a backup aimed at the UI folder would leave there.
      writeFileSync(join(ui, 'restored.json'), '{"secret": "TOP SECRET"}');
      const res = await raw(host, '/restored.json');
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('TOP SECRET');
      expect((await raw(host, '/')).status).toBe(200);
    });

    it('does not follow a symlink out of the UI folder', async () => {
      const res = await raw(host, '/leak.txt');
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
    it('answers Prometheus text with the metrics token', async () => {
      const res = await raw(host, '/metrics', { authorization: `Bearer ${host.tokens.metrics}` });
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
