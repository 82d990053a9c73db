import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireBackupLock, BackupBusy } from '../../../../main/backup/backup-lock';
import { recoverInterrupted, runBackup } from '../../../../main/backup/run-backup';
import { restoreArchive } from '../../../../main/backup/restore';
import { verifyArchives } from '../../../../main/backup/verify';
import { createBackupCatalog } from '../../../../main/store/backup-catalog';
import { openStore } from '../../../../main/store/open';
import type { BackupKind } from '../../../../shared/backup';
import { tempDir } from '../../../helpers/temp-dir';

/** Every entry under a folder: type, content hash or link target, mode. */
function snapshot(root: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const path = prefix ? `${prefix}/${name}` : name;
    const info = lstatSync(join(root, path));
    if (info.isSymbolicLink()) out[path] = `link → ${readlinkSync(join(root, path))}`;
    else if (info.isDirectory()) {
      out[path] = `dir ${(info.mode & 0o777).toString(8)}`;
      Object.assign(out, snapshot(root, path));
    } else out[path] = `file ${(info.mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(join(root, path))).digest('hex')}`;
  }
  return out;
}

function setup() {
  const source = join(tempDir(), 'models');
  const destination = join(tempDir(), 'backups');
  mkdirSync(source);
  const db = openStore(tempDir());
  const catalog = createBackupCatalog(db);
  let clock = Date.UTC(2026, 10, 30, 2, 0, 0);
  const backup = (kind: BackupKind, exclude: string[] = []) =>
    runBackup({ source: { name: 'models', path: source, exclude }, kind, destination, gzipLevel: 6, catalog, now: () => (clock += 1000) });
  return { source, destination, catalog, backup, db };
}

describe('backups and restores', () => {
  it('full, incremental, differential and incremental again: each restores exactly the tree at its moment', async () => {
    const { source, catalog, backup } = setup();
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    mkdirSync(join(source, 'checkpoints/run-1'), { recursive: true });
    mkdirSync(join(source, 'empty'));
    writeFileSync(join(source, 'checkpoints/run-1/model.bin'), big);
    writeFileSync(join(source, 'config.yaml'), 'lr: 0.001\n');
    writeFileSync(join(source, 'notes-ÆØÅ-東京.txt'), 'unicode names\n');
    symlinkSync('checkpoints/run-1/model.bin', join(source, 'best'));
    writeFileSync(join(source, 'scratch.tmp'), 'excluded');
    const states: [number, Record<string, string>][] = [];
    const take = async (kind: BackupKind) => {
      const record = await backup(kind, ['*.tmp']);
      const state = snapshot(source);
      delete state['scratch.tmp'];
      states.push([record.id, state]);
      return record;
    };

    const full = await take('full');
    expect(full).toMatchObject({ kind: 'full', status: 'complete', parentId: null, files: 3 });

    writeFileSync(join(source, 'config.yaml'), 'lr: 0.0005\n'); // edit
    writeFileSync(join(source, 'checkpoints/run-1/metrics.json'), '{"loss": 0.1}'); // add
    renameSync(join(source, 'notes-ÆØÅ-東京.txt'), join(source, 'notes.txt')); // rename
    const incremental = await take('incremental');
    expect(incremental).toMatchObject({ kind: 'incremental', parentId: full.id, files: 3 });

    rmSync(join(source, 'checkpoints/run-1/metrics.json')); // delete
    mkdirSync(join(source, 'checkpoints/run-2'));
    const differential = await take('differential');
    expect(differential).toMatchObject({ kind: 'differential', parentId: full.id });

    writeFileSync(join(source, 'checkpoints/run-2/model.bin'), big.subarray(0, 1000));
    rmSync(join(source, 'best'));
    symlinkSync('checkpoints/run-2/model.bin', join(source, 'best'));
    const last = await take('incremental');
    expect(last.parentId).toBe(differential.id);
    expect(catalog.chain(last.id).map((a) => a.kind)).toEqual(['full', 'differential', 'incremental']);

    for (const [id, state] of states) {
      const to = join(tempDir(), `restore-${id}`);
      await restoreArchive({ id, to, catalog });
      expect(snapshot(to), `archive ${id}`).toEqual(state);
      // GNU tar reads every archive.
      const listing = execFileSync('tar', ['-tzf', catalog.get(id)!.path!], { encoding: 'utf8' });
      expect(listing.length).toBeGreaterThan(0);
    }
  });

  it('an incremental with nothing changed is an empty archive that restores the same tree', async () => {
    const { source, catalog, backup } = setup();
    writeFileSync(join(source, 'same.txt'), 'unchanged');
    await backup('full');
    const nothing = await backup('incremental');
    expect(nothing.files).toBe(0);
    expect(execFileSync('tar', ['-tzf', nothing.path!], { encoding: 'utf8' })).toBe('');
    const to = join(tempDir(), 'same');
    await restoreArchive({ id: nothing.id, to, catalog });
    expect(readFileSync(join(to, 'same.txt'), 'utf8')).toBe('unchanged');
  });

  it('restores a file that compresses more than a thousand times (a sparse checkpoint)', async () => {
    const { source, catalog, backup } = setup();
    writeFileSync(join(source, 'zeros.ckpt'), Buffer.alloc(32 * 1024 * 1024));
    const full = await backup('full');
    expect(full.bytes!).toBeLessThan(100_000);
    const to = join(tempDir(), 'sparse');
    await restoreArchive({ id: full.id, to, catalog });
    expect(readFileSync(join(to, 'zeros.ckpt')).equals(Buffer.alloc(32 * 1024 * 1024))).toBe(true);
  });

  it('reports special files (a pipe, a socket) at backup time and leaves them out without failing the rest', async () => {
    const { source, backup, catalog } = setup();
    writeFileSync(join(source, 'ok.txt'), 'ok');
    execFileSync('mkfifo', [join(source, 'pipe')]);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(source, 'socket'), resolve));
    const full = await backup('full').finally(() => server.close());
    expect(full.skipped).toEqual([
      { path: 'pipe', reason: 'special file (device, socket or pipe)' },
      { path: 'socket', reason: 'special file (device, socket or pipe)' },
    ]);
    expect((await verifyArchives(catalog, full.id))[0]!.ok).toBe(true);
    const to = join(tempDir(), 'r');
    await restoreArchive({ id: full.id, to, catalog });
    expect(readdirSync(to)).toEqual(['ok.txt']);
  });

  it('restores one file alone', async () => {
    const { source, catalog, backup } = setup();
    mkdirSync(join(source, 'a/b'), { recursive: true });
    writeFileSync(join(source, 'a/b/keep.txt'), 'this one');
    writeFileSync(join(source, 'other.txt'), 'not this');
    const full = await backup('full');
    const to = join(tempDir(), 'one');
    expect(await restoreArchive({ id: full.id, to, catalog, paths: ['a/b/keep.txt'] })).toEqual({ files: 1 });
    expect(readFileSync(join(to, 'a/b/keep.txt'), 'utf8')).toBe('this one');
    expect(existsSync(join(to, 'other.txt'))).toBe(false);
  });

  it('restores overlapping paths over the source folder: a folder and a folder inside it both come back whole', async () => {
    const { source, catalog, backup } = setup();
    mkdirSync(join(source, 'a/b'), { recursive: true });
    writeFileSync(join(source, 'a/b/inner.txt'), 'inner');
    writeFileSync(join(source, 'a/outer.txt'), 'outer');
    writeFileSync(join(source, 'other.txt'), 'other');
    const full = await backup('full');
    writeFileSync(join(source, 'a/b/inner.txt'), 'changed');
    writeFileSync(join(source, 'a/outer.txt'), 'changed');
    writeFileSync(join(source, 'other.txt'), 'newer, keep me');
    expect(await restoreArchive({ id: full.id, to: source, catalog, replace: true, paths: ['a/b', 'a', 'a/b'] })).toEqual({ files: 2 });
    expect(readFileSync(join(source, 'a/b/inner.txt'), 'utf8')).toBe('inner');
    expect(readFileSync(join(source, 'a/outer.txt'), 'utf8')).toBe('outer');
    expect(readFileSync(join(source, 'other.txt'), 'utf8')).toBe('newer, keep me');
    expect(readdirSync(join(source, '..')).filter((n) => n.includes('vigil-'))).toEqual([]);
  });

  it('verify catches a flipped byte and names what depends on it; restore refuses it and writes nothing', async () => {
    const { source, catalog, backup } = setup();
    writeFileSync(join(source, 'w.bin'), Buffer.alloc(100_000, 7));
    const full = await backup('full');
    writeFileSync(join(source, 'x.txt'), 'x');
    const inc = await backup('incremental');
    expect((await verifyArchives(catalog)).every((r) => r.ok)).toBe(true);
    const path = catalog.get(full.id)!.path!;
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(path, bytes);
    const [bad] = await verifyArchives(catalog, full.id);
    expect(bad).toMatchObject({ id: full.id, ok: false, dependents: [inc.id] });
    const to = join(tempDir(), 'never');
    await expect(restoreArchive({ id: inc.id, to, catalog })).rejects.toThrow(/corrupt/);
    expect(existsSync(to)).toBe(false);
    expect(readdirSync(join(to, '..')).filter((n) => n.includes('vigil-restore'))).toEqual([]);
  });

  it('verify fails an archive whose symlink is not the link its manifest lists, as restore refuses it', async () => {
    const { source, catalog, backup } = setup();
    writeFileSync(join(source, 'weights.pt'), 'w');
    symlinkSync('weights.pt', join(source, 'latest'));
    const full = await backup('full');
    expect(await verifyArchives(catalog, full.id)).toMatchObject([{ ok: true }]);
    const manifestPath = catalog.get(full.id)!.manifestPath!;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.tree.latest.linkTarget = 'other.pt';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(await verifyArchives(catalog, full.id)).toMatchObject([{ ok: false, problem: 'restore would refuse latest: its link target is not the one in the manifest' }]);
    const to = join(tempDir(), 'target');
    await expect(restoreArchive({ id: full.id, to, catalog })).rejects.toThrow(/latest/);
    expect(existsSync(to)).toBe(false);
  });

  it('a symlink retargeted between the walk and the archiving fails the run instead of completing an archive restore refuses', async () => {
    const { source, destination, catalog } = setup();
    writeFileSync(join(source, 'a.pt'), 'a');
    symlinkSync('a.pt', join(source, 'latest'));
    let retargeted = false;
    const run = runBackup({
      source: { name: 'models', path: source, exclude: [] },
      kind: 'full',
      destination,
      gzipLevel: 6,
      catalog,
      now: Date.now,
      onProgress: () => {
        // The first report comes after the walk, before anything is archived.
        if (retargeted) return;
        retargeted = true;
        rmSync(join(source, 'latest'));
        symlinkSync('b.pt', join(source, 'latest'));
      },
    });
    await expect(run).rejects.toThrow('these entries changed type or link target while being archived: latest');
    expect(catalog.list().map((a) => a.status)).toEqual(['failed']);
    expect(readdirSync(join(destination, 'models'))).toEqual([]);
  });

  it('verifying one archive verifies its chain: an incremental over a corrupt full is not ok', async () => {
    const { source, catalog, backup } = setup();
    writeFileSync(join(source, 'w.bin'), Buffer.alloc(100_000, 7));
    const full = await backup('full');
    writeFileSync(join(source, 'x.txt'), 'x');
    const inc = await backup('incremental');
    expect(await verifyArchives(catalog, inc.id)).toMatchObject([{ id: full.id, ok: true }, { id: inc.id, ok: true }]);
    const path = catalog.get(full.id)!.path!;
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(path, bytes);
    expect(await verifyArchives(catalog, inc.id)).toEqual([
      { id: full.id, ok: false, problem: expect.stringMatching(/SHA-256|unreadable/), dependents: [inc.id] },
      { id: inc.id, ok: false, problem: `archive ${full.id} in its chain fails verify, so it cannot be restored`, dependents: [] },
    ]);
    await expect(restoreArchive({ id: inc.id, to: join(tempDir(), 'never'), catalog })).rejects.toThrow(/corrupt/);
  });

  it('refuses to restore over a folder that has content', async () => {
    const { source, catalog, backup } = setup();
    writeFileSync(join(source, 'f'), '1');
    const full = await backup('full');
    const to = tempDir();
    writeFileSync(join(to, 'mine.txt'), 'precious');
    await expect(restoreArchive({ id: full.id, to, catalog })).rejects.toThrow(/not an empty folder/);
    expect(readFileSync(join(to, 'mine.txt'), 'utf8')).toBe('precious');
  });

  it('hostile archives extract nothing outside the target', async () => {
    const { source, catalog, backup, db } = setup();
    writeFileSync(join(source, 'ok.txt'), 'fine');
    const full = await backup('full');
    const record = catalog.get(full.id)!;
    const outside = tempDir();
    // Replace the archive with hostile ones built by GNU tar, and point the catalog at each.
    const work = tempDir();
    mkdirSync(join(work, 'inner'));
    writeFileSync(join(work, 'inner/evil.txt'), 'owned');
    symlinkSync(outside, join(work, 'inner/escape'));
    const hostile: [string, string[]][] = [
      ['dotdot', ['-C', join(work, 'inner'), '--transform', 's,^,../../,', 'evil.txt']],
      ['absolute', ['-C', '/', '-P', join(work, 'inner/evil.txt').slice(1)]],
      ['symlink-escape', ['-C', join(work, 'inner'), 'escape']],
      ['hardlink', ['-C', join(work, 'inner'), 'evil.txt', 'hard.txt']],
    ];
    linkSync(join(work, 'inner/evil.txt'), join(work, 'inner/hard.txt'));
    for (const [name, args] of hostile) {
      const archive = join(work, `${name}.tar.gz`);
      execFileSync('tar', ['-czf', archive, ...args]);
      const sha = createHash('sha256').update(readFileSync(archive)).digest('hex');
      db.prepare('UPDATE backup_archives SET archive_path = ?, sha256 = ? WHERE id = ?').run(archive, sha, record.id);
      const to = join(tempDir(), 'target');
      await expect(restoreArchive({ id: full.id, to, catalog }), name).rejects.toThrow(/could escape the target or are not in its manifest/);
      expect(existsSync(to)).toBe(false);
      expect(readdirSync(outside)).toEqual([]);
    }
    expect(existsSync(join(tempDir(), '..', 'evil.txt'))).toBe(false);
  });

  it('a hard link the manifest lists, to a file not in the archive, is refused by verify and restore', async () => {
    const { source, catalog, backup, db } = setup();
    writeFileSync(join(source, 'ok.txt'), 'fine');
    const full = await backup('full');
    const record = catalog.get(full.id)!;
    // Built by GNU tar: hard.txt is stored as a link to evil.txt, which is then deleted from the archive.
    const work = tempDir();
    writeFileSync(join(work, 'evil.txt'), 'owned');
    linkSync(join(work, 'evil.txt'), join(work, 'hard.txt'));
    const tarPath = join(work, 'hostile.tar');
    execFileSync('tar', ['-cf', tarPath, '-C', work, 'evil.txt', 'hard.txt']);
    execFileSync('tar', ['--delete', '-f', tarPath, 'evil.txt']);
    expect(execFileSync('tar', ['-tvf', tarPath], { encoding: 'utf8' })).toMatch(/^h.* hard\.txt link to evil\.txt\n$/);
    execFileSync('gzip', [tarPath]);
    const archive = `${tarPath}.gz`;
    const sha = createHash('sha256').update(readFileSync(archive)).digest('hex');
    db.prepare('UPDATE backup_archives SET archive_path = ?, sha256 = ? WHERE id = ?').run(archive, sha, record.id);
    // The manifest lists hard.txt as a file this archive holds, so only the hard-link check can refuse it.
    const manifest = JSON.parse(readFileSync(record.manifestPath!, 'utf8'));
    manifest.tree = { 'hard.txt': manifest.tree['ok.txt'] };
    manifest.taken = ['hard.txt'];
    writeFileSync(record.manifestPath!, JSON.stringify(manifest));

    expect(await verifyArchives(catalog, full.id)).toMatchObject([{ ok: false, problem: 'restore would refuse hard.txt: its hard link leaves the archive' }]);
    const to = join(tempDir(), 'target');
    await expect(restoreArchive({ id: full.id, to, catalog })).rejects.toThrow(`archive ${full.id} holds entries that could escape the target or are not in its manifest: hard.txt (Link: its hard link leaves the archive)`);
    expect(existsSync(to)).toBe(false);
  });

  it('after a crash: leftovers are removed, the run is failed, and the next backup and a restore work', async () => {
    const { source, destination, catalog, backup } = setup();
    writeFileSync(join(source, 'a.txt'), 'a');
    const full = await backup('full');
    const crashed = catalog.begin('models', 'incremental', full.id, Date.now());
    writeFileSync(join(destination, 'models', '000099-incremental.tar.gz.partial'), 'half an archive');
    recoverInterrupted(destination, catalog, Date.now());
    expect(catalog.get(crashed)!.status).toBe('failed');
    expect(readdirSync(join(destination, 'models')).some((n) => n.endsWith('.partial'))).toBe(false);
    writeFileSync(join(source, 'b.txt'), 'b');
    const next = await backup('incremental');
    expect(next.parentId).toBe(full.id);
    const to = join(tempDir(), 'after-crash');
    await restoreArchive({ id: next.id, to, catalog });
    expect(readdirSync(to).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('one backup at a time, also across processes; an incremental needs a full first', async () => {
    const { destination, backup } = setup();
    await expect(backup('incremental')).rejects.toThrow(/no full backup of models yet/);
    mkdirSync(destination, { recursive: true });
    const release = acquireBackupLock(destination);
    await expect(backup('full')).rejects.toThrow(BackupBusy);
    release();
    writeFileSync(join(destination, '.vigil-backup.lock'), '999999999'); // a crashed owner
    await expect(backup('full')).resolves.toMatchObject({ status: 'complete' });
  });

  it('a lock another process has created but not yet written is held, not taken for a crashed one', async () => {
    const destination = tempDir();
    const lock = join(destination, '.vigil-backup.lock');
    // The owner: once its lock file exists (created, not yet written), it writes its pid a moment later and keeps running.
    const script = `const fs = require('node:fs');
      process.stdout.write('ready');
      const wait = setInterval(() => {
        if (!fs.existsSync(${JSON.stringify(lock)})) return;
        clearInterval(wait);
        setTimeout(() => fs.writeFileSync(${JSON.stringify(lock)}, String(process.pid)), 100);
      }, 5);
      setTimeout(() => {}, 30000);`;
    const owner = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = new Promise((done) => owner.once('exit', done));
    try {
      await new Promise((done) => owner.stdout.once('data', done));
      writeFileSync(lock, '');
      expect(() => acquireBackupLock(destination)).toThrow(`a backup is already running (process ${owner.pid})`);
      expect(readFileSync(lock, 'utf8')).toBe(String(owner.pid));
    } finally {
      owner.kill();
      await exited;
    }
    const release = acquireBackupLock(destination); // its owner is gone now
    expect(readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${process.pid}( |$)`));
    release();
    expect(readdirSync(destination)).toEqual([]);
  });
});
