import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, type App, type AppOptions } from '../../main/app';
import { startHost, type RunningHost } from '../../main/server/http-server';
import { ScopedTokens, type TokenScope } from '../../main/server/token';
import { tempDir } from './temp-dir';

export interface TestHost {
  app: App;
  host: RunningHost;
  /** The admin token (UI and API). */
  token: string;
  tokens: Record<TokenScope, string>;
  dataDir: string;
  /** http://127.0.0.1:PORT, without the token. */
  origin: string;
  /** The UI at a route (`/drift`), with the admin token in the fragment as the printed link carries it. */
  pageUrl(route?: string): string;
  stop(): Promise<void>;
}

/** A real app and headless host on a free loopback port, over a temp data dir. */
export async function startTestHost(options: { uiDir?: string; config?: object; allowedHosts?: string[]; app?: Partial<AppOptions> } = {}): Promise<TestHost> {
  const dataDir = tempDir();
  if (options.config) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(options.config));
  const uiDir = options.uiDir ?? fakeUi();
  const app = createApp({ dataDir, host: 'test', ...options.app });
  const scoped = new ScopedTokens(dataDir);
  const tokens = { admin: scoped.get('admin'), ingest: scoped.get('ingest'), metrics: scoped.get('metrics') };
  const host = await startHost({ app, tokens: scoped, host: '127.0.0.1', port: 0, uiDir, allowedHosts: options.allowedHosts });
  const origin = `http://127.0.0.1:${host.port}`;
  return {
    app,
    host,
    token: tokens.admin,
    tokens,
    dataDir,
    origin,
    pageUrl: (route = '/') => `${origin}/#${route}?token=${tokens.admin}`,
    async stop() {
      await host.close();
      await app.dispose();
    },
  };
}

/** A tiny UI folder for host tests that do not need the real renderer. */
function fakeUi(): string {
  const dir = join(tempDir(), 'ui');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Vigil</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("vigil")');
  return dir;
}

/** One call of the host's RPC endpoint with the admin token, as the browser UI makes it. */
export async function rpc(host: Pick<TestHost, 'origin' | 'token'>, method: string, input?: unknown) {
  const res = await fetch(`${host.origin}/api/v1/rpc`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  return (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}
