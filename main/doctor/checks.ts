import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../../shared/config';
import { ConfigFile, configFileName, expandHome } from '../config';
import { checkBinding, describeBinding, electronBindingPath, nodeBindingPath } from '../native/electron-sqlite';
import { installedElectron } from '../native/installed-electron';
import { readModuleAbi } from '../native/module-abi';

export type CheckStatus = 'ok' | 'problem' | 'absent';

export interface Check {
  id: string;
  title: string;
  /** ok; problem (something is broken); absent (an optional part is not there, which is fine). */
  status: CheckStatus;
  detail: string;
  /** What to do about it, for a problem or an absence. */
  fix?: string;
  /** Whether a user of this host needs it: a needed problem makes `vigil doctor` exit 1. */
  needed: boolean;
}

export interface DoctorOptions {
  projectRoot: string;
  dataDir: string;
  /** Checking for the desktop app (`npm start`): Electron and its SQLite are then needed. */
  desktop?: boolean;
  requiredNode: string;
  /** The headless host's port to check, when not the configured one. */
  port?: number;
  env?: NodeJS.ProcessEnv;
}

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

const minFreeBytes = 512 * 1024 ** 2;

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const { check: configCheck, config } = checkConfig(options.dataDir);
  const checks: Check[] = [
    checkNode(options.requiredNode),
    checkDataDir(options.dataDir),
    configCheck,
    checkNodeSqlite(options.projectRoot),
    ...checkElectron(options.projectRoot, options.desktop ?? false),
    checkChromium(env),
    await checkNvidia(config?.monitor.gpu.nvidiaSmi ?? 'nvidia-smi', config?.monitor.gpu.enabled ?? true),
    await checkPort(config?.server.host ?? '127.0.0.1', options.port ?? config?.server.port ?? 7177),
    // The desktop app takes model metrics on its own port.
    ...(options.desktop ? [await checkIngestPort(config?.monitor.ingestPort ?? 7178)] : []),
    checkBackupDestination(config ? expandHome(config.backup.destination ?? join(options.dataDir, 'backups')) : join(options.dataDir, 'backups')),
  ];
  return { ok: !checks.some((c) => c.status === 'problem' && c.needed), checks };
}

function checkNode(required: string): Check {
  const have = process.versions.node;
  const ok = compareVersions(have, required.replace(/^>=\s*/, '')) >= 0;
  return ok
    ? { id: 'node', title: 'Node.js', status: 'ok', detail: `${have} (needs ${required})`, needed: true }
    : { id: 'node', title: 'Node.js', status: 'problem', detail: `${have} is too old (needs ${required})`, fix: `install Node.js ${required.replace(/^>=\s*/, '')} or newer`, needed: true };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The nearest folder that exists at or above `path` (where a missing folder would be created). */
function existingAncestor(path: string): string {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function writableFolder(path: string): string | null {
  const at = existingAncestor(path);
  try {
    if (!statSync(at).isDirectory()) return `${at} is not a folder`;
    accessSync(at, constants.W_OK);
    if (at === path) rmSync(mkdtempSync(join(path, '.vigil-doctor-')), { recursive: true }); // access() can lie (read-only mounts)
    return null;
  } catch (error) {
    return `${at} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

function checkDataDir(dataDir: string): Check {
  const title = 'data directory';
  const unwritable = writableFolder(dataDir);
  if (unwritable) return { id: 'data-dir', title, status: 'problem', detail: `${dataDir}: ${unwritable}`, fix: 'fix its permissions, or use another folder with --data-dir', needed: true };
  const stats = statfsSync(existingAncestor(dataDir));
  const free = stats.bavail * stats.bsize;
  const detail = `${dataDir}${existsSync(dataDir) ? '' : ' (created on first start)'}, ${formatBytes(free)} free`;
  if (free < minFreeBytes) return { id: 'data-dir', title, status: 'problem', detail, fix: `free some space (under ${formatBytes(minFreeBytes)} left: the database and backups need room)`, needed: true };
  return { id: 'data-dir', title, status: 'ok', detail, needed: true };
}

function checkConfig(dataDir: string): { check: Check; config: Config | null } {
  const path = join(dataDir, configFileName);
  const title = 'configuration';
  if (!existsSync(path)) return { check: { id: 'config', title, status: 'ok', detail: `${path} does not exist yet: every default applies`, needed: true }, config: null };
  try {
    const config = ConfigFile.load(dataDir).value; // the file exists, so this only reads it
    return { check: { id: 'config', title, status: 'ok', detail: `${path} is valid`, needed: true }, config };
  } catch (error) {
    return { check: { id: 'config', title, status: 'problem', detail: (error as Error).message, fix: `correct ${path} (or move it aside to start from the defaults)`, needed: true }, config: null };
  }
}

function checkNodeSqlite(projectRoot: string): Check {
  const title = 'SQLite for Node';
  let path = '';
  try {
    path = nodeBindingPath(projectRoot);
    const db = new Database(':memory:');
    const version = db.prepare('SELECT sqlite_version()').pluck().get() as string;
    db.close();
    return { id: 'sqlite-node', title, status: 'ok', detail: `SQLite ${version}, ${path} (ABI ${readModuleAbi(path).abi})`, needed: true };
  } catch (error) {
    return {
      id: 'sqlite-node',
      title,
      status: 'problem',
      detail: `better-sqlite3 does not load in Node ${process.versions.node} (ABI ${process.versions.modules}): ${(error as Error).message.split('\n')[0]}`,
      fix: 'npm rebuild better-sqlite3 (this rebuilds Node’s copy only; the Electron copy lives apart)',
      needed: true,
    };
  }
}

function checkElectron(projectRoot: string, desktop: boolean): Check[] {
  const electron = installedElectron(projectRoot);
  const binaryTitle = 'Electron';
  const sqliteTitle = 'SQLite for Electron';
  if (!electron) {
    return [
      { id: 'electron', title: binaryTitle, status: 'absent', detail: 'the electron package is not installed (a production install)', fix: 'npm install, for the desktop app', needed: desktop },
    ];
  }
  const binary: Check = electron.binary
    ? { id: 'electron', title: binaryTitle, status: 'ok', detail: `${electron.version}, ${electron.binary}`, needed: desktop }
    : {
        id: 'electron',
        title: binaryTitle,
        status: 'problem',
        detail: `the electron ${electron.version} package is installed but its binary was not downloaded`,
        fix: 'node node_modules/electron/install.js (needs network access; npm start tries it); meanwhile use the browser UI: npm run serve',
        needed: desktop,
      };
  if (electron.abi === null) {
    return [binary, { id: 'sqlite-electron', title: sqliteTitle, status: 'problem', detail: `node-abi does not know Electron ${electron.version}`, fix: 'npm update node-abi', needed: desktop }];
  }
  const state = checkBinding(electronBindingPath(projectRoot, electron.abi), electron.abi);
  const sqlite: Check =
    state.state === 'ok'
      ? { id: 'sqlite-electron', title: sqliteTitle, status: 'ok', detail: describeBinding(state), needed: desktop }
      : {
          id: 'sqlite-electron',
          title: sqliteTitle,
          status: 'problem',
          detail: `${describeBinding(state)} (Electron ${electron.version} needs ABI ${electron.abi})`,
          fix: 'npm run electron:sqlite (npm start does it too): downloads it, or builds it from source',
          needed: desktop,
        };
  return [binary, sqlite];
}

function checkChromium(env: NodeJS.ProcessEnv): Check {
  const candidates = env.CHROME_PATH ? [env.CHROME_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((path) => existsSync(path));
  return found
    ? { id: 'chromium', title: 'Chromium (tests)', status: 'ok', detail: found, needed: false }
    : { id: 'chromium', title: 'Chromium (tests)', status: 'absent', detail: `not found at ${candidates.join(' or ')}`, fix: 'for npm test only: apt-get install chromium, or set CHROME_PATH', needed: false };
}

async function checkNvidia(nvidiaSmi: string, enabled: boolean): Promise<Check> {
  const title = 'NVIDIA GPU';
  if (!enabled) return { id: 'nvidia', title, status: 'absent', detail: 'GPU monitoring is off (monitor.gpu.enabled)', needed: false };
  const result = await runFor(nvidiaSmi, ['--query-gpu=name,driver_version', '--format=csv,noheader'], 10_000);
  if (result.error === 'ENOENT') {
    return { id: 'nvidia', title, status: 'absent', detail: `${nvidiaSmi} not found: no NVIDIA GPU is watched (normal without one)`, fix: 'with an NVIDIA GPU: install its driver, which brings nvidia-smi', needed: false };
  }
  if (result.code !== 0) {
    const why = (result.output.trim().split('\n')[0] ?? '') || result.error || `exit ${result.code}`;
    return { id: 'nvidia', title, status: 'problem', detail: `${nvidiaSmi} fails: ${why}`, fix: 'the NVIDIA driver is not working (a reboot after a driver update often fixes "version mismatch")', needed: false };
  }
  const gpus = result.output.trim().split('\n').filter(Boolean);
  return { id: 'nvidia', title, status: 'ok', detail: gpus.map((line) => line.replace(/,\s*/, ', driver ')).join('; '), needed: false };
}

function runFor(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, output, error: error.code ?? error.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function checkPort(host: string, port: number): Promise<Check> {
  const title = 'host port';
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve({
        id: 'port',
        title,
        status: 'problem',
        detail: `${host}:${port} is not free (${error.code ?? error.message})`,
        fix: `another program (a running vigil serve?) holds it: stop it, or use vigil serve --port N (server.port)`,
        needed: false,
      }),
    );
    server.listen(port, host, () => server.close(() => resolve({ id: 'port', title, status: 'ok', detail: `${host}:${port} is free for vigil serve`, needed: false })));
  });
}

async function checkIngestPort(port: number): Promise<Check> {
  const check = await checkPort('127.0.0.1', port);
  return check.status === 'ok'
    ? { ...check, id: 'ingest-port', title: 'ingest port', detail: `127.0.0.1:${port} is free for model metrics` }
    : { ...check, id: 'ingest-port', title: 'ingest port', fix: `another program (a second Vigil?) holds it: stop it, or set monitor.ingestPort` };
}

function checkBackupDestination(destination: string): Check {
  const title = 'backup destination';
  const unwritable = writableFolder(destination);
  if (unwritable) return { id: 'backup', title, status: 'problem', detail: `${destination}: ${unwritable}`, fix: 'fix its permissions or mount it, or set backup.destination to a writable folder', needed: true };
  return { id: 'backup', title, status: 'ok', detail: `${destination}${existsSync(destination) ? '' : ' (created on the first backup)'} is writable`, needed: true };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
