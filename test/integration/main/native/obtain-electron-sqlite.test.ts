import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBindingPath, nodeBindingPath } from '../../../../main/native/electron-sqlite';
import { installedElectron } from '../../../../main/native/installed-electron';
import { readModuleAbi } from '../../../../main/native/module-abi';
import { obtainElectronSqlite } from '../../../../main/native/obtain-electron-sqlite';
import { ensureElectronSqlite } from '../../../../main/native/ensure-electron-sqlite';
import { craftElf } from '../../../helpers/native-binaries';
import { tempDir } from '../../../helpers/temp-dir';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const electron = installedElectron(repoRoot)!;
const sqliteVersion = (JSON.parse(readFileSync(join(repoRoot, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * A project like a user's clone (its node_modules link to the real packages) and a prebuilt-binary
 * mirror on 127.0.0.1 (prebuild-install's documented `npm_config_<package>_binary_host`), so the
 * real prebuild-install runs end to end without leaving this machine.
 */
function project(): string {
  const root = tempDir('vigil-project-');
  writeFileSync(join(root, 'package.json'), '{"name":"clone","private":true}');
  mkdirSync(join(root, 'node_modules'));
  for (const name of ['better-sqlite3', 'prebuild-install', '@electron', 'electron']) symlinkSync(join(repoRoot, 'node_modules', name), join(root, 'node_modules', name));
  return root;
}

async function tarball(abi: number): Promise<Buffer> {
  const dir = tempDir();
  mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
  writeFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node'), craftElf([{ name: `node_register_module_v${abi}` }]));
  const file = join(dir, 'prebuilt.tar.gz');
  await tar.c({ gzip: true, cwd: dir, file, portable: true }, ['build']);
  return readFileSync(file);
}

describe('obtaining better-sqlite3 for Electron, beside Node’s copy', () => {
  let server: Server;
  let mirror: string;
  const requested: string[] = [];
  const served = new Map<string, Buffer>();
  const assetName = `better-sqlite3-v${sqliteVersion}-electron-v${electron.abi}-${process.platform}-${process.arch}.tar.gz`;
  // HOME too: node-gyp keeps Electron's headers under ~/.electron-gyp.
  const env = (cache: string) => ({ ...process.env, HOME: cache, npm_config_better_sqlite3_binary_host: mirror, npm_config_cache: cache, no_proxy: '127.0.0.1' });

  beforeAll(async () => {
    server = createServer((request, response) => {
      requested.push(request.url!);
      const body = served.get(request.url!);
      response.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('knows the installed Electron’s ABI from its version, without running it', () => {
    expect(electron.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(electron.abi).toBeGreaterThan(Number(process.versions.modules));
  });

  it('downloads the prebuilt binary for the Electron runtime into its own folder and leaves Node’s copy alone', async () => {
    const root = project();
    const nodeCopy = nodeBindingPath(root);
    const before = sha256(nodeCopy);
    served.set(`/v${sqliteVersion}/${assetName}`, await tarball(electron.abi!));
    const lines: string[] = [];

    const result = await obtainElectronSqlite({ projectRoot: root, electronVersion: electron.version, abi: electron.abi!, log: (l) => lines.push(l), env: env(tempDir()) });

    expect(result).toEqual({ path: electronBindingPath(root, electron.abi!), via: 'prebuilt' });
    expect(readModuleAbi(result.path)).toEqual({ format: 'ELF', abi: electron.abi });
    expect(requested).toContain(`/v${sqliteVersion}/${assetName}`);
    expect(lines[0]).toContain(`downloading the prebuilt better-sqlite3 for Electron ${electron.version} (ABI ${electron.abi}`);
    expect(sha256(nodeCopy)).toBe(before);
    expect(readModuleAbi(nodeCopy).abi).toBe(Number(process.versions.modules));
    expect(readdirSync(dirname(dirname(result.path)))).toEqual([`electron-v${electron.abi}`]); // no staging left
  });

  it('refuses a download built for another ABI and installs nothing', async () => {
    const root = project();
    served.set(`/v${sqliteVersion}/${assetName}`, await tarball(Number(process.versions.modules)));
    const attempt = obtainElectronSqlite({ projectRoot: root, electronVersion: electron.version, abi: electron.abi!, log: () => {}, env: env(tempDir()) });
    await expect(attempt).rejects.toThrow(`is built for ABI ${process.versions.modules}, not ${electron.abi}`);
    expect(existsSync(electronBindingPath(root, electron.abi!))).toBe(false);
  });

  it('falls back to a build from source, and says why both failed when neither works', async () => {
    const root = project();
    served.clear();
    const lines: string[] = [];
    const attempt = obtainElectronSqlite({
      projectRoot: root,
      electronVersion: electron.version,
      abi: electron.abi!,
      log: (l) => lines.push(l),
      env: env(tempDir()),
      headersUrl: `${mirror}/headers`,
    });
    await expect(attempt).rejects.toThrow(/could not get better-sqlite3 for Electron .*\n {2}prebuilt: .*No prebuilt binaries found.*\n {2}from source: Error: 404 response downloading .*headers/);
    expect(lines[1]).toMatch(/building .* from source with @electron\/rebuild/);
    expect(requested.some((url) => url.startsWith('/headers'))).toBe(true);
    expect(existsSync(electronBindingPath(root, electron.abi!))).toBe(false);
  }, 90_000);

  it('keeps a fitting build, and replaces a stale one (another ABI) on the next start', async () => {
    const root = project();
    const path = electronBindingPath(root, electron.abi!);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, craftElf([{ name: `node_register_module_v${electron.abi}` }]));
    const kept: string[] = [];
    expect(await ensureElectronSqlite(root, (l) => kept.push(l), { env: env(tempDir()) })).toBe(path);
    expect(kept).toEqual([`SQLite for Electron ${electron.version}: ${path} (ABI ${electron.abi})`]);

    writeFileSync(path, readFileSync(nodeBindingPath(root))); // Node's build where Electron's belongs
    served.set(`/v${sqliteVersion}/${assetName}`, await tarball(electron.abi!));
    const replaced: string[] = [];
    expect(await ensureElectronSqlite(root, (l) => replaced.push(l), { env: env(tempDir()) })).toBe(path);
    expect(replaced[0]).toBe(`SQLite for Electron ${electron.version}: ${path} is built for ABI ${process.versions.modules}, not ${electron.abi}; getting it (Node's own copy stays as it is).`);
    expect(replaced.at(-1)).toBe(`SQLite for Electron ${electron.version}: downloaded ${path}`);
    expect(readModuleAbi(path).abi).toBe(electron.abi);
  });
});
