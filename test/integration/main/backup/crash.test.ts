import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../../main/app';
import { createBackupCatalog } from '../../../../main/store/backup-catalog';
import { openStore } from '../../../../main/store/open';
import { uniforms } from '../../../helpers/dataset-files';
import { runVigil, vigilBin } from '../../../helpers/run-cli';
import { tempDir } from '../../../helpers/temp-dir';

function workspace() {
  const dataDir = tempDir();
  const source = join(tempDir(), 'models');
  const destination = join(tempDir(), 'backups');
  mkdirSync(source);
  const u = uniforms(7);
  for (let i = 0; i < 12; i++) {
    const data = Buffer.alloc(1024 * 1024);
    for (let k = 0; k < data.length; k += 4) data.writeUInt32LE((u() * 4294967295) >>> 0, k);
    writeFileSync(join(source, `shard-${i}.bin`), data);
  }
  // No schedule: nothing but the commands below runs.
  const schedule = { fullEveryHours: null, incrementalEveryHours: null };
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ backup: { sources: [{ name: 'models', path: source }], destination, gzipLevel: 1, schedule } }));
  const onDisk = () => (existsSync(join(destination, 'models')) ? readdirSync(join(destination, 'models')) : []);
  const catalog = () => {
    const db = openStore(dataDir);
    const list = createBackupCatalog(db).list();
    db.close();
    return list;
  };
  return { dataDir, source, destination, onDisk, catalog, vigil: (...args: string[]) => runVigil(['--data-dir', dataDir, 'backup', ...args]) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a backup killed with SIGKILL', () => {
  it('at any moment leaves nothing behind once the next CLI run has taken the lock', async () => {
    const { dataDir, destination, onDisk, catalog, vigil } = workspace();
    const before = new Set<string>();
    // Moments of a run, each seen on disk: started, lock taken, archive being written, archive
    // renamed into place, manifest written (the last two are short: the run may finish first).
    const moments: [string, () => boolean][] = [
      ['at start', () => true],
      ['lock taken', () => existsSync(join(destination, '.vigil-backup.lock'))],
      ['archive partial', () => onDisk().some((n) => n.endsWith('.tar.gz.partial'))],
      ['archive renamed', () => onDisk().some((n) => n.endsWith('.tar.gz') && !before.has(n))],
      ['manifest written', () => onDisk().some((n) => n.endsWith('.manifest.json') && !before.has(n))],
    ];
    let leftovers = 0;
    for (const [moment, reached] of moments) {
      for (const name of onDisk()) before.add(name);
      const child = spawn(process.execPath, [vigilBin, '--data-dir', dataDir, 'backup', 'run', '--kind', 'full'], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      let done = false;
      void exited.then(() => (done = true));
      while (!done && !reached()) await sleep(2);
      child.kill('SIGKILL');
      await exited;
      if (onDisk().some((n) => n.endsWith('.partial')) || catalog().some((a) => a.status === 'running')) leftovers++;

      // The next run, through the CLI as well, heals before it starts.
      const next = await vigil('run', '--kind', 'full', '--json');
      expect(next.status, `${moment}: ${next.stderr}`).toBe(0);
      const archives = catalog();
      const complete = archives.filter((a) => a.status === 'complete');
      expect(archives.filter((a) => a.status === 'running'), moment).toEqual([]);
      expect(onDisk().filter((n) => n.endsWith('.partial') || n.includes('.manifest.json.')), moment).toEqual([]);
      expect(onDisk().filter((n) => n.endsWith('.tar.gz')).sort(), moment).toEqual(complete.map((a) => a.path!.split('/').at(-1)).sort());
      expect(onDisk().filter((n) => n.endsWith('.manifest.json')).length, moment).toBe(complete.length);
    }
    // The kills did land mid-run, and left traces that the next run removed.
    expect(leftovers).toBeGreaterThan(0);
    expect(catalog().filter((a) => a.status === 'failed' && a.error === 'interrupted').length).toBeGreaterThan(0);
    expect(await vigil('verify')).toMatchObject({ status: 0 });
    const last = catalog().filter((a) => a.status === 'complete').at(-1)!;
    const to = join(tempDir(), 'restored');
    expect(await vigil('restore', String(last.id), '--to', to)).toMatchObject({ status: 0, stdout: `restored 12 files into ${to}\n` });
  }, 240_000);

  it('a live holder of the lock keeps its files: recovery and other runs leave them alone until it is gone', async () => {
    const { dataDir, destination, onDisk, catalog, vigil } = workspace();
    // A live process owns the lock and is mid-run: its catalog row is running, its partial on disk.
    const holder = spawn('sleep', ['120'], { stdio: 'ignore' });
    const gone = new Promise((resolve) => holder.on('exit', resolve));
    mkdirSync(join(destination, 'models'), { recursive: true });
    writeFileSync(join(destination, '.vigil-backup.lock'), String(holder.pid));
    const db = openStore(dataDir);
    const running = createBackupCatalog(db).begin('models', 'full', null, Date.now());
    db.close();
    const partial = `${String(running).padStart(6, '0')}-full-2026-11-30T02-00-00-000Z.tar.gz.partial`;
    writeFileSync(join(destination, 'models', partial), 'being written');

    const app = createApp({ dataDir, host: 'test', live: false });
    app.backup.start();
    expect(app.backup.recover()).toBeNull();
    await app.backup.stop();
    await app.dispose();
    const busy = await vigil('run', '--kind', 'full');
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(`a backup is already running (process ${holder.pid})`);
    await vigil('list');
    expect(onDisk()).toContain(partial);
    expect(catalog().find((a) => a.id === running)?.status).toBe('running');

    holder.kill('SIGKILL');
    await gone;
    const list = await vigil('list', '--json');
    expect(JSON.parse(list.stdout).find((a: { id: number }) => a.id === running)).toMatchObject({ status: 'failed', error: 'interrupted' });
    expect(onDisk()).not.toContain(partial);
    expect(existsSync(join(destination, '.vigil-backup.lock'))).toBe(false);
  }, 120_000);
});
