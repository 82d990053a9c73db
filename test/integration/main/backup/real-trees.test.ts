import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync, openSync, writeSync, closeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBackup } from '../../../../main/backup/run-backup';
import { restoreArchive } from '../../../../main/backup/restore';
import { verifyArchives } from '../../../../main/backup/verify';
import { createBackupCatalog } from '../../../../main/store/backup-catalog';
import { openStore } from '../../../../main/store/open';
import type { BackupKind } from '../../../../shared/backup';
import { expectSameTree, treeSnapshot, type SnapshotEntry } from '../../../helpers/tree-snapshot';
import { tempDir } from '../../../helpers/temp-dir';

function setup(name: string) {
  const source = join(tempDir(), name);
  mkdirSync(source);
  const destination = join(tempDir(), 'backups');
  const catalog = createBackupCatalog(openStore(tempDir()));
  let clock = Date.UTC(2026, 10, 30, 2, 0, 0);
  const states: { id: number; kind: BackupKind; tree: Map<string, SnapshotEntry> }[] = [];
  /** Backs up, then records the source as it was at that moment. */
  const take = async (kind: BackupKind) => {
    const record = await runBackup({ source: { name, path: source, exclude: [] }, kind, destination, gzipLevel: 6, catalog, now: () => (clock += 1000) });
    states.push({ id: record.id, kind, tree: treeSnapshot(source) });
    return record;
  };
  return { source, catalog, take, states };
}

/** GNU tar's listing of an archive: path → type letter (`-` file, `d` folder, `l` symlink, `h` hard link). */
function gnuTarTypes(archive: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of execFileSync('tar', ['--list', '--verbose', '--gzip', '--file', archive, '--quoting-style=literal'], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
    const type = line[0]!;
    const name = line.replace(/^\S+\s+\S+\s+\d+\s+\S+\s+\S+\s+/, '').replace(/ (->|link to) .*$/, '').replace(/\/$/, '');
    out.set(name, type);
  }
  return out;
}

const withoutSetId = (e: SnapshotEntry): SnapshotEntry => ({ ...e, mode: e.mode & ~0o6000 });

async function restoreEveryStateAndCompare(catalog: ReturnType<typeof createBackupCatalog>, states: ReturnType<typeof setup>['states']) {
  for (const { id, kind, tree } of states) {
    expect((await verifyArchives(catalog, id))[0], `verify #${id}`).toMatchObject({ ok: true, problem: null });
    const to = join(tempDir(), `restore-${id}`);
    await restoreArchive({ id, to, catalog });
    expectSameTree(treeSnapshot(to), tree, `#${id} ${kind}`, withoutSetId);
  }
}

describe('real trees through full → incremental → differential → incremental, restored entry by entry', () => {
  it('hard links, absolute and relative symlinks, a symlink to a folder, a file that becomes a folder, modes, unicode, sparse', async () => {
    const { source, catalog, take, states } = setup('work');
    mkdirSync(join(source, 'data/raw'), { recursive: true });
    mkdirSync(join(source, 'empty/deeper'), { recursive: true });
    writeFileSync(join(source, 'data/raw/train.csv'), 'x,y\n1,2\n');
    linkSync(join(source, 'data/raw/train.csv'), join(source, 'data/train-hardlink.csv'));
    linkSync(join(source, 'data/raw/train.csv'), join(source, 'third-name.csv'));
    symlinkSync('/usr/bin/python3', join(source, 'python-absolute'));
    symlinkSync('../data/raw/train.csv', join(source, 'empty/relative-up'));
    symlinkSync('data/raw', join(source, 'raw-folder-link'));
    symlinkSync('/nonexistent/anywhere', join(source, 'dangling'));
    writeFileSync(join(source, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    writeFileSync(join(source, 'setuid-tool'), 'not really', { mode: 0o4755 });
    chmodSync(join(source, 'setuid-tool'), 0o4755);
    writeFileSync(join(source, 'read-only.txt'), 'do not edit', { mode: 0o444 });
    writeFileSync(join(source, 'Ünïcødé 東京 🚀.txt'), 'names');
    writeFileSync(join(source, 'becomes-folder'), 'a file for now');
    const sparse = openSync(join(source, 'sparse.ckpt'), 'w');
    writeSync(sparse, Buffer.from('header'), 0, 6, 0);
    closeSync(sparse);
    truncateSync(join(source, 'sparse.ckpt'), 64 * 1024 * 1024);
    const fd = openSync(join(source, 'sparse.ckpt'), 'r+');
    writeSync(fd, Buffer.from('tail'), 0, 4, 64 * 1024 * 1024 - 4);
    closeSync(fd);

    const full = await take('full');
    const listed = gnuTarTypes(full.path!);
    expect(listed.get('python-absolute')).toBe('l');
    expect(listed.get('raw-folder-link')).toBe('l');
    expect([listed.get('data/train-hardlink.csv'), listed.get('third-name.csv'), listed.get('data/raw/train.csv')].sort()).toEqual(['-', 'h', 'h']);
    expect(listed.get('empty/deeper')).toBe('d');

    // The file becomes a folder, a link moves, one hard link goes and the content changes.
    rmSync(join(source, 'becomes-folder'));
    mkdirSync(join(source, 'becomes-folder'));
    writeFileSync(join(source, 'becomes-folder/inside.txt'), 'now a folder');
    rmSync(join(source, 'third-name.csv'));
    writeFileSync(join(source, 'data/raw/train.csv'), 'x,y\n1,2\n3,4\n');
    rmSync(join(source, 'raw-folder-link'));
    symlinkSync('/etc', join(source, 'raw-folder-link'));
    const incremental = await take('incremental');
    expect(gnuTarTypes(incremental.path!).get('becomes-folder')).toBe('d');

    // A folder becomes a symlink, a new hard link appears.
    rmSync(join(source, 'empty'), { recursive: true });
    symlinkSync('data', join(source, 'empty'));
    linkSync(join(source, 'run.sh'), join(source, 'run-again.sh'));
    const differential = await take('differential');
    expect(gnuTarTypes(differential.path!).get('empty')).toBe('l');

    // And back: the symlink becomes a file, the folder a file again.
    rmSync(join(source, 'empty'));
    writeFileSync(join(source, 'empty'), 'a file named empty');
    rmSync(join(source, 'becomes-folder'), { recursive: true });
    writeFileSync(join(source, 'becomes-folder'), 'a file again');
    const last = await take('incremental');
    expect(catalog.chain(last.id).map((a) => a.kind)).toEqual(['full', 'differential', 'incremental']);
    for (const record of [full, incremental, differential, last]) expect(gnuTarTypes(record.path!).size).toBeGreaterThan(0);

    await restoreEveryStateAndCompare(catalog, states);
    // setuid is dropped unless asked for.
    const kept = join(tempDir(), 'keep-set-id');
    await restoreArchive({ id: full.id, to: kept, catalog, keepSetId: true });
    expect(treeSnapshot(kept).get('setuid-tool')!.mode).toBe(0o4755);
    // One name of a hard-linked file, alone: its content comes back, the other names do not.
    const one = join(tempDir(), 'one-name');
    expect(await restoreArchive({ id: full.id, to: one, catalog, paths: ['third-name.csv'] })).toEqual({ files: 1 });
    expectSameTree(treeSnapshot(one), new Map([['third-name.csv', { ...states[0]!.tree.get('third-name.csv')!, sameFileAs: null }]]), 'one name of a hard link');
  }, 60_000);

  it('a Python virtual environment made by python3 -m venv restores and runs', async () => {
    const { source, catalog, take, states } = setup('envs');
    execFileSync('python3', ['-m', 'venv', '--without-pip', join(source, 'env')]);
    writeFileSync(join(source, 'train.py'), 'print("training")\n');
    await take('full');
    const sitePackages = execFileSync(join(source, 'env/bin/python'), ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).trim();
    mkdirSync(join(sitePackages, 'tinypkg'));
    writeFileSync(join(sitePackages, 'tinypkg/__init__.py'), 'VALUE = 42\n');
    await take('incremental');
    rmSync(join(source, 'train.py'));
    await take('differential');
    writeFileSync(join(sitePackages, 'tinypkg/__init__.py'), 'VALUE = 43\n');
    const last = await take('incremental');

    await restoreEveryStateAndCompare(catalog, states);
    const to = join(tempDir(), 'env-restored');
    await restoreArchive({ id: last.id, to, catalog });
    // The venv's absolute link to the system interpreter came back as it was, and the env works.
    expect(execFileSync(join(to, 'env/bin/python'), ['-c', 'import tinypkg, sys; print(tinypkg.VALUE, sys.prefix)'], { encoding: 'utf8' }).trim()).toBe(`43 ${join(to, 'env')}`);
    expect(existsSync(join(to, 'train.py'))).toBe(false);
  }, 60_000);
});
