import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { startTestHost, type TestHost } from '../helpers/running-host';
import { tempDir } from '../helpers/temp-dir';

/**
 * The page another local dev server (or any site the user visits) could serve: it tries every way
 * a browser lets one origin talk to another, and reports what it saw.
 */
function attackerPage(vigil: string, marker: string): string {
  const command = JSON.stringify({ method: 'config.update', input: { alerts: { actions: [{ name: 'pwn', action: 'command', command: ['/usr/bin/touch', marker], when: { minSeverity: 'INFO' } }] } } });
  return `<!doctype html><title>notebook</title><script>
const vigil = ${JSON.stringify(vigil)};
const report = {};
const attempt = async (name, run) => { try { report[name] = await run(); } catch (error) { report[name] = 'blocked: ' + error.name; } };
const socket = (url) => new Promise((resolve) => {
  let ws;
  try { ws = new WebSocket(url); } catch (error) { return resolve('blocked: ' + error.name); }
  ws.onopen = () => { resolve('opened'); ws.close(); };
  ws.onerror = () => resolve('refused');
  setTimeout(() => resolve('no answer'), 3000);
});
(async () => {
  await attempt('noCorsCommand', async () => { await fetch(vigil + '/api/v1/rpc', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(command)} }); return 'sent'; });
  await attempt('corsCommand', async () => (await fetch(vigil + '/api/v1/rpc', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(command)} })).status);
  await attempt('noCorsIngest', async () => { await fetch(vigil + '/api/v1/ingest', { method: 'POST', mode: 'no-cors', credentials: 'include', body: JSON.stringify({ model: 'attacker', predictions: 100, errors: 100 }) }); return 'sent'; });
  await attempt('readUi', async () => (await (await fetch(vigil + '/', { credentials: 'include' })).text()).slice(0, 40));
  await attempt('readConfig', async () => (await (await fetch(vigil + '/api/v1/rpc?token=guess', { method: 'POST', credentials: 'include', body: '{"method":"config.get"}' })).text()).slice(0, 40));
  report.webSocket = await socket(vigil.replace('http', 'ws') + '/api/ws');
  report.webSocketSlashes = await socket(vigil.replace('http', 'ws') + '//');
  report.storage = localStorage.getItem('vigil.token');
  await fetch('/report', { method: 'POST', body: JSON.stringify(report) });
})();
</script>`;
}

describe('a page from another local port', () => {
  let host: TestHost;
  let browser: Browser;
  let context: BrowserContext;
  let attacker: Server;
  let attackerOrigin: string;
  let marker: string;
  let report: Promise<Record<string, unknown>>;

  beforeAll(async () => {
    host = await startTestHost({ uiDir: builtUiDir(), config: { monitor: { intervalMs: 500, gpu: { enabled: false } } } });
    marker = join(tempDir(), 'pwned');
    let deliver: (value: Record<string, unknown>) => void = () => {};
    report = new Promise((resolve) => (deliver = resolve));
    attacker = createServer((req, res) => {
      if (req.url === '/report') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          deliver(JSON.parse(body));
          res.end();
        });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage(host.origin, marker));
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    browser = await launchChromium(['--host-resolver-rules=MAP rebound.attacker.test 127.0.0.1']);
    context = await browser.newContext();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await host?.stop();
  });

  it('the user opens the printed link: the token leaves the address bar for this origin\'s storage, and the UI works', async () => {
    const page = await context.newPage();
    await page.goto(host.pageUrl('/alerts'));
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toBe('connected');
    expect(page.url()).toBe(`${host.origin}/#/alerts`);
    expect(await page.evaluate('localStorage.getItem("vigil.token")')).toBe(host.token);
    expect(await context.cookies()).toEqual([]);
  });

  it('an old ?token= link is moved to the new scheme once', async () => {
    const page = await context.newPage();
    await page.goto(`${host.origin}/?token=${host.token}`);
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toBe('connected');
    expect(page.url()).toBe(`${host.origin}/#/`);
  });

  it('then, in the same browser, a page on another port can neither change anything nor learn anything', async () => {
    const configBefore = readFileSync(join(host.dataDir, 'config.json'), 'utf8');
    const page = await context.newPage();
    await page.goto(attackerOrigin);
    const seen = await report;
    expect(seen).toMatchObject({
      noCorsCommand: 'sent',
      corsCommand: 'blocked: TypeError',
      noCorsIngest: 'sent',
      readUi: 'blocked: TypeError',
      readConfig: 'blocked: TypeError',
      webSocket: 'refused',
      webSocketSlashes: 'refused',
      storage: null,
    });
    // Give the host time to act on anything that got through, then check nothing did.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(readFileSync(join(host.dataDir, 'config.json'), 'utf8')).toBe(configBefore);
    expect(host.app.config.value.alerts.actions).toEqual([]);
    expect((await host.app.monitor.sample()).models.map((m) => m.model)).not.toContain('attacker');
    expect(existsSync(marker)).toBe(false);
    const alive = await fetch(`${host.origin}/api/v1/rpc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: '{"method":"app.info"}',
    });
    expect(alive.status).toBe(200);
  });

  it('a name rebound to 127.0.0.1 (DNS rebinding) gets 403 and no UI', async () => {
    const page = await context.newPage();
    const response = await page.goto(`http://rebound.attacker.test:${host.host.port}/`);
    expect(response!.status()).toBe(403);
    expect(await page.content()).not.toContain('id="root"');
    const api = await page.evaluate(`fetch('/api/v1/rpc', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ${host.token}' }, body: '{"method":"config.get"}' }).then((r) => r.status)`);
    expect(api).toBe(403);
  });
});
