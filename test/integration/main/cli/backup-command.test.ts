import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../../main/store/open';
import { runVigil } from '../../../helpers/run-cli';
import { tempDir } from '../../../helpers/temp-dir';

function workspace() {
  const dataDir = tempDir();
  const models = join(tempDir(), 'models');
  mkdirSync(join(models, 'ckpt'), { recursive: true });
  writeFileSync(join(models, 'ckpt/best.pt'), 'weights v1');
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ backup: { sources: [{ name: 'models', path: models }], destination: join(tempDir(), 'backups') } }));
  return { dataDir, models, vigil: (...args: string[]) => runVigil(['--data-dir', dataDir, 'backup', ...args]) };
}

describe('vigil backup', () => {
  it('run prints the archive record; list, verify and restore work from the command line', async () => {
    const { models, vigil } = workspace();
    const full = await vigil('run', '--kind', 'full', '--source', 'models', '--json');
    expect(full.status).toBe(0);
    const record = JSON.parse(full.stdout);
    expect(record).toMatchObject({ id: expect.any(Number), kind: 'full', parentId: null, files: 1, bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), path: expect.stringMatching(/\.tar\.gz$/) });

    writeFileSync(join(models, 'ckpt/best.pt'), 'weights v2 (a bad experiment)');
    const inc = JSON.parse((await vigil('run', '--kind', 'incremental', '--source', 'models', '--json')).stdout);
    expect(inc).toMatchObject({ kind: 'incremental', parentId: record.id });

    const list = JSON.parse((await vigil('list', '--json')).stdout);
    expect(list.map((r: { status: string; createdAt: number }) => [r.status, typeof r.createdAt])).toEqual([['complete', 'number'], ['complete', 'number']]);
    expect(await vigil('verify')).toMatchObject({ status: 0, stdout: `#${record.id} ok\n#${inc.id} ok\n` });

    const to = join(tempDir(), 'yesterday');
    expect(await vigil('restore', String(record.id), '--to', to, '--path', 'ckpt/best.pt')).toMatchObject({ status: 0, stdout: `restored 1 files into ${to}\n` });
    expect(readFileSync(join(to, 'ckpt/best.pt'), 'utf8')).toBe('weights v1');

    expect(await vigil('prune', '--dry-run')).toMatchObject({ status: 0, stdout: 'would delete 0 archives, freeing 0 bytes\n' });
  });

  it('verify exits 1 naming the corrupt archive and what depends on it', async () => {
    const { vigil } = workspace();
    const full = JSON.parse((await vigil('run', '--kind', 'full', '--json')).stdout)[0];
    const inc = JSON.parse((await vigil('run', '--kind', 'incremental', '--json')).stdout)[0];
    const bytes = readFileSync(full.path);
    bytes[20] = bytes[20]! ^ 0xff;
    writeFileSync(full.path, bytes);
    const result = await vigil('verify');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`#${full.id} CORRUPT: `);
    expect(result.stdout).toContain(`needed by #${inc.id}`);
    expect(result.stderr).toMatch(new RegExp(`1 archive is corrupt: #${full.id}`));
  });

  it('restore from an archive that is gone exits 1 saying so, in a process that has not read an archive yet', async () => {
    const { vigil } = workspace();
    const full = JSON.parse((await vigil('run', '--kind', 'full', '--json')).stdout)[0];
    rmSync(full.path);
    const result = await vigil('restore', String(full.id), '--to', join(tempDir(), 'back'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^vigil: archive ${full.id} \\(`));
    expect(result.stderr).not.toMatch(/Uncaught|node:internal|at .*\.js:\d+/);
  });

  it('bad usage exits 2; refusing to restore over content says why', async () => {
    const { vigil } = workspace();
    expect((await vigil('run')).status).toBe(2);
    expect((await vigil('run', '--kind', 'weekly')).status).toBe(2);
    expect((await vigil('restore', '1')).status).toBe(2);
    const full = JSON.parse((await vigil('run', '--kind', 'full', '--json')).stdout)[0];
    const busy = tempDir();
    writeFileSync(join(busy, 'mine'), 'x');
    const refused = await vigil('restore', String(full.id), '--to', busy);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/not an empty folder/);
  });

  it('an archive restore would refuse fails verify, and restore exits 1 saying why', async () => {
    const { dataDir, vigil } = workspace();
    const full = JSON.parse((await vigil('run', '--kind', 'full', '--json')).stdout)[0];
    // The archive is swapped for one holding an entry its manifest does not list, and the
    // catalog's hash updated to match: the hash alone would call it fine.
    const work = tempDir();
    mkdirSync(join(work, 'ckpt'));
    writeFileSync(join(work, 'ckpt/best.pt'), 'weights v1');
    writeFileSync(join(work, 'planted.sh'), 'not in the manifest');
    execFileSync('tar', ['-czf', full.path, '-C', work, '--no-recursion', 'ckpt', 'ckpt/best.pt', 'planted.sh']);
    const db = openStore(dataDir);
    db.prepare('UPDATE backup_archives SET sha256 = ? WHERE id = ?').run(createHash('sha256').update(readFileSync(full.path)).digest('hex'), full.id);
    db.close();

    const verify = await vigil('verify');
    expect(verify.status).toBe(1);
    expect(verify.stdout).toBe(`#${full.id} CORRUPT: restore would refuse planted.sh: it is not in the manifest\n`);
    const to = join(tempDir(), 'never');
    const restore = await vigil('restore', String(full.id), '--to', to);
    expect(restore.status).toBe(1);
    expect(restore.stderr).toMatch(/planted\.sh \(File: it is not in the manifest\)/);
    expect(existsSync(to)).toBe(false);
  });
});
