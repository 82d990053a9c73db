import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { electronBindingPath, nodeBindingPath } from '../../main/native/electron-sqlite';
import { ensureElectronSqlite } from '../../main/native/ensure-electron-sqlite';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron binary, when `npm install` could download it (it cannot on our CI machines). */
function electronBinary(): string | null {
  const dir = join(root, 'node_modules', 'electron');
  try {
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const hasXvfb = spawnSync('sh', ['-c', 'command -v Xvfb'], { stdio: 'ignore' }).status === 0;
const runnable = binary !== null && (Boolean(process.env.DISPLAY) || hasXvfb);
const why = binary === null ? 'the Electron binary is not installed on this machine' : 'there is no display and no Xvfb';

if (!runnable) console.warn(`Electron end-to-end test NOT RUN: ${why}. Run it where \`npm install\` can download Electron.`);

describe.skipIf(!runnable)(`the Electron app${runnable ? '' : ` (NOT RUN: ${why})`}`, () => {
  let xvfb: ChildProcess | null = null;
  let app: ElectronApplication;
  let window: Page;
  const userData = tempDir();
  let sqliteBinding: string;

  beforeAll(async () => {
    // What `npm start` does first: better-sqlite3 built for this Electron, beside Node's copy.
    sqliteBinding = await ensureElectronSqlite(root, (line) => console.log(`electron test: ${line}`));
    let display = process.env.DISPLAY;
    if (!display) {
      display = ':97';
      xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x1024x24'], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    app = await electron.launch({
      executablePath: binary!,
      args: [root, `--user-data-dir=${userData}`],
      env: { ...process.env, DISPLAY: display, VIGIL_TEST_HOOKS: '1' } as Record<string, string>,
    });
    window = await app.firstWindow();
  }, 600_000); // a first run may build better-sqlite3 for Electron from source

  afterAll(async () => {
    await app?.close();
    xvfb?.kill();
  });

  it('opens the window on app://vigil with the UI', async () => {
    await expect.poll(() => window.title()).toBe('Vigil');
    expect(window.url()).toMatch(/^app:\/\/vigil\//);
    await expect.poll(() => window.getByTestId('cpu-total').textContent()).toMatch(/%/);
  });

  it('gives the page exactly three functions and no Node', async () => {
    const exposed = await window.evaluate(() => {
      const bridge = (globalThis as unknown as { vigil: Record<string, unknown> }).vigil;
      return { keys: Object.keys(bridge).sort(), types: Object.values(bridge).map((v) => typeof v), node: typeof (globalThis as { process?: unknown }).process };
    });
    expect(exposed).toEqual({ keys: ['getPathForFile', 'invoke', 'subscribe'], types: ['function', 'function', 'function'], node: 'undefined' });
  });

  it('has a tray icon (read through the test hook, since no test can click a native tray)', async () => {
    expect(await app.evaluate(() => (globalThis as unknown as { __vigilTest: { trayIcon(): string } }).__vigilTest.trayIcon())).toBe('ok');
  });

  it('passes a dropped file’s path to main, which reads it', async () => {
    const csv = join(tempDir(), 'dropped.csv');
    writeFileSync(csv, 'age,city\n31,paris\n42,lyon\n');
    await window.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'electron-test-file';
      document.body.append(input);
    });
    await window.setInputFiles('#electron-test-file', csv);
    const result = await window.evaluate(async () => {
      const bridge = (globalThis as unknown as { vigil: { getPathForFile(f: File): string; invoke(m: string, i: unknown): Promise<{ ok: boolean; value?: { columns: { name: string }[] } }> } }).vigil;
      const file = (document.getElementById('electron-test-file') as HTMLInputElement).files![0]!;
      const path = bridge.getPathForFile(file);
      return { path, reply: await bridge.invoke('drift.columns', { reference: { path }, current: { path } }) };
    });
    expect(result.path).toBe(csv);
    expect(result.reply.ok).toBe(true);
    expect(result.reply.value!.columns.map((c) => c.name)).toEqual(['age', 'city']);
  });

  it('opens SQLite in the Electron main process with Electron’s own build: app.info and stored history round trips', async () => {
    type Reply<T> = { ok: boolean; value: T };
    const invoke = <T,>(method: string, input: unknown) =>
      window.evaluate(([m, i]) => (globalThis as unknown as { vigil: { invoke(m: string, i: unknown): Promise<unknown> } }).vigil.invoke(m, i), [method, input] as const) as Promise<Reply<T>>;
    const info = await invoke<{ host: string; dataDir: string; startedAt: number; firstStartedAt: number }>('app.info', undefined);
    expect(info.ok).toBe(true);
    expect(info.value).toMatchObject({ host: 'electron', dataDir: userData });
    expect(info.value.firstStartedAt).toBeLessThanOrEqual(info.value.startedAt); // kept in the database's meta table
    // Samples are written to vigil.db every second; the history query reads them back.
    const stored = () => invoke<{ series: { points: unknown[] }[] }>('monitor.history', { series: ['cpu.total'], from: Date.now() - 60_000, to: Date.now() + 1000 });
    await expect.poll(async () => (await stored()).value.series[0]?.points.length ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    // Node's build would have failed to load here (another NODE_MODULE_VERSION): this is Electron's own.
    const used = await app.evaluate(() => (globalThis as unknown as { __vigilTest: { sqliteBinding: string } }).__vigilTest.sqliteBinding);
    expect(used).toBe(sqliteBinding);
    expect(used).not.toBe(nodeBindingPath(root));
    expect(used).toBe(electronBindingPath(root, Number(await app.evaluate(() => process.versions.modules))));
  });
});
