import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDoctor, type DoctorReport } from '../../../../main/doctor/checks';
import { installedElectron } from '../../../../main/native/installed-electron';
import { runVigil } from '../../../helpers/run-cli';
import { tempDir } from '../../../helpers/temp-dir';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

async function doctorJson(dataDir: string, ...args: string[]): Promise<{ status: number | null; report: DoctorReport }> {
  const result = await runVigil(['--data-dir', dataDir, 'doctor', '--json', ...args]);
  return { status: result.status, report: JSON.parse(result.stdout) as DoctorReport };
}

/** The same checks in this process, for the cases that need no separate CLI run. */
async function doctorHere(dataDir: string, port?: number, requiredNode = '>=20.19'): Promise<{ status: number; report: DoctorReport }> {
  const report = await runDoctor({ projectRoot: repoRoot, dataDir, requiredNode, port });
  return { status: report.ok ? 0 : 1, report };
}

const byId = (report: DoctorReport, id: string) => report.checks.find((c) => c.id === id)!;

/** An executable standing in for nvidia-smi: prints `output` and exits with `code`. */
function fakeNvidiaSmi(output: string, code: number): string {
  const path = join(tempDir(), 'nvidia-smi');
  writeFileSync(path, `#!/bin/sh\necho '${output}'\nexit ${code}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('vigil doctor', () => {
  it('checks everything on a fresh machine, exits 0, and creates nothing', async () => {
    const dataDir = join(tempDir(), 'fresh');
    const { status, report } = await doctorJson(dataDir);
    expect(status).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual(['node', 'data-dir', 'config', 'sqlite-node', 'electron', 'sqlite-electron', 'chromium', 'nvidia', 'port', 'backup']);
    expect(byId(report, 'node')).toMatchObject({ status: 'ok', detail: expect.stringContaining(process.versions.node) });
    expect(byId(report, 'sqlite-node')).toMatchObject({ status: 'ok', detail: expect.stringContaining(`(ABI ${process.versions.modules})`) });
    expect(byId(report, 'data-dir').detail).toMatch(/created on first start\), [\d.]+ (GiB|MiB) free/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('fails on a Node.js older than package.json asks for', async () => {
    const { status, report } = await doctorHere(tempDir(), undefined, '>=99.1');
    expect(status).toBe(1);
    expect(byId(report, 'node')).toEqual({ id: 'node', title: 'Node.js', status: 'problem', detail: `${process.versions.node} is too old (needs >=99.1)`, fix: 'install Node.js 99.1 or newer', needed: true });
  });

  it('names what is wrong in config.json, exits 1, and leaves the file as it was', async () => {
    const dataDir = tempDir();
    const text = '{ "monitor": { "intervalMs": "fast" } }\n';
    writeFileSync(join(dataDir, 'config.json'), text);
    const { status, report } = await doctorHere(dataDir);
    expect(status).toBe(1);
    expect(byId(report, 'config')).toMatchObject({ status: 'problem', needed: true, detail: expect.stringContaining('monitor.intervalMs') });
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(text);
  });

  it('says when the backup destination cannot be written', async () => {
    const dataDir = tempDir();
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ backup: { destination: join(file, 'backups') } }));
    const { status, report } = await doctorHere(dataDir);
    expect(status).toBe(1);
    expect(byId(report, 'backup')).toMatchObject({ status: 'problem', detail: `${join(file, 'backups')}: ${file} is not a folder` });
  });

  it('reports a busy port as a problem that does not fail the run', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const { status, report } = await doctorHere(tempDir(), port);
      expect(status).toBe(0);
      expect(byId(report, 'port')).toMatchObject({ status: 'problem', needed: false, detail: `127.0.0.1:${port} is not free (EADDRINUSE)` });
    } finally {
      server.close();
    }
  });

  it('for the desktop app, also checks the model-metrics ingest port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ monitor: { ingestPort: port } }));
    try {
      const report = await runDoctor({ projectRoot: repoRoot, dataDir, requiredNode: '>=20.19', desktop: true });
      expect(byId(report, 'ingest-port')).toMatchObject({ status: 'problem', needed: false, detail: `127.0.0.1:${port} is not free (EADDRINUSE)`, fix: expect.stringContaining('monitor.ingestPort') });
      expect((await doctorHere(dataDir)).report.checks.map((c) => c.id)).not.toContain('ingest-port');
    } finally {
      server.close();
    }
  });

  it('reads the GPUs and driver from nvidia-smi, and says when the driver is broken', async () => {
    const working = tempDir();
    writeFileSync(join(working, 'config.json'), JSON.stringify({ monitor: { gpu: { nvidiaSmi: fakeNvidiaSmi('NVIDIA H100 80GB HBM3, 550.54.15', 0) } } }));
    expect(byId((await doctorHere(working)).report, 'nvidia')).toMatchObject({ status: 'ok', detail: 'NVIDIA H100 80GB HBM3, driver 550.54.15' });

    const broken = tempDir();
    writeFileSync(join(broken, 'config.json'), JSON.stringify({ monitor: { gpu: { nvidiaSmi: fakeNvidiaSmi('Failed to initialize NVML: Driver/library version mismatch', 18) } } }));
    const { status, report } = await doctorHere(broken);
    expect(status).toBe(0);
    expect(byId(report, 'nvidia')).toMatchObject({ status: 'problem', detail: expect.stringContaining('Driver/library version mismatch') });

    const none = tempDir();
    writeFileSync(join(none, 'config.json'), JSON.stringify({ monitor: { gpu: { nvidiaSmi: join(none, 'no-such-nvidia-smi') } } }));
    expect(byId((await doctorHere(none)).report, 'nvidia')).toMatchObject({ status: 'absent', needed: false });
  });

  it('with --desktop, needs the Electron binary and its own SQLite build, and says what to run', async () => {
    const electron = installedElectron(repoRoot)!;
    const result = await runVigil(['--data-dir', tempDir(), 'doctor', '--desktop']);
    const sqlitePath = join(repoRoot, 'node_modules', '.cache', 'vigil', `electron-v${electron.abi}`, 'better_sqlite3.node');
    if (electron.binary && existsSync(sqlitePath)) {
      expect(result.status).toBe(0);
      return;
    }
    expect(result.status).toBe(1);
    if (!electron.binary) expect(result.stdout).toMatch(/^problem +Electron +the electron .* binary was not downloaded\n +→ node node_modules\/electron\/install\.js/m);
    if (!existsSync(sqlitePath)) expect(result.stdout).toMatch(new RegExp(`^problem +SQLite for Electron +.*electron-v${electron.abi}/better_sqlite3\\.node does not exist .*\\n +→ npm run electron:sqlite`, 'm'));
    expect(result.stdout).toMatch(/problems? to fix before Vigil can work here\.\n$/);
  });

  it('prints its help, and refuses a bad port', async () => {
    expect((await runVigil(['doctor', '--help'])).stdout).toContain('Exit status: 0 when everything needed works');
    expect(await runVigil(['doctor', '--port', 'x'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--port takes a port number') });
  });
});
