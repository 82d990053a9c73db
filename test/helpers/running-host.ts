import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, type App } from '../../main/app';
import { startHost, type RunningHost } from '../../main/server/http-server';
import { loadOrCreateToken } from '../../main/server/token';
import { tempDir } from './temp-dir';

export interface TestHost {
  app: App;
  host: RunningHost;
  token: string;
  dataDir: string;
  /** http://127.0.0.1:PORT, without the token. */
  origin: string;
  stop(): Promise<void>;
}

/** A real app and headless host on a free loopback port, over a temp data dir. */
export async function startTestHost(options: { uiDir?: string; config?: object } = {}): Promise<TestHost> {
  const dataDir = tempDir();
  if (options.config) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(options.config));
  const uiDir = options.uiDir ?? fakeUi();
  const app = createApp({ dataDir, host: 'test' });
  const token = loadOrCreateToken(dataDir);
  const host = await startHost({ app, token, host: '127.0.0.1', port: 0, uiDir });
  return {
    app,
    host,
    token,
    dataDir,
    origin: `http://127.0.0.1:${host.port}`,
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
