import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../main/app';
import { openStore } from '../../main/store/open';
import { runVigil } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';
import { treeSnapshot } from '../helpers/tree-snapshot';

const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose();
});

function start(source: string, exclude: string[] = []) {
  const dataDir = tempDir();
  const schedule = { fullEveryHours: null, incrementalEveryHours: null };
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ backup: { sources: [{ name: 'work', path: source, exclude }], destination: join(tempDir(), 'backups'), schedule } }));
  const app = createApp({ dataDir, host: 'test', live: false });
  apps.push(app);
  return { app, dataDir };
}

describe('restore paths and exclude patterns are hostile input', () => {
  it('an in-place restore of "../x" (or a path that climbs out later) touches nothing outside the source, nor inside it', async () => {
    const parent = tempDir();
    const source = join(parent, 'work');
    mkdirSync(source);
    writeFileSync(join(source, 'notes.txt'), 'mine');
    writeFileSync(join(parent, 'x'), 'precious, outside the source');
    const { app, dataDir } = start(source);
    const [full] = await app.backup.run('full', 'work');
    writeFileSync(join(source, 'notes.txt'), 'edited since');
    const before = { parent: readdirSync(parent).sort(), source: treeSnapshot(source), x: readFileSync(join(parent, 'x'), 'utf8') };

    for (const path of ['../x', 'a/../../x', '/etc/passwd', './notes.txt', '']) {
      await expect(app.backup.restore(full!.id, null, [path]), path).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/is not a path inside the backup/) });
    }
    // The same through the CLI: bad usage, exit 2, nothing written.
    const to = join(tempDir(), 'elsewhere');
    const cli = await runVigil(['--data-dir', dataDir, 'backup', 'restore', String(full!.id), '--to', to, '--path', '../x']);
    expect(cli).toMatchObject({ status: 2, stderr: expect.stringMatching(/"\.\.\/x" is not a path inside the backup/) });
    expect(readdirSync(join(to, '..'))).toEqual([]);

    expect(readdirSync(parent).sort()).toEqual(before.parent);
    expect(treeSnapshot(source)).toEqual(before.source);
    expect(readFileSync(join(parent, 'x'), 'utf8')).toBe(before.x);
  });

  it('an exclude pattern built to backtrack is matched in linear time against long names', async () => {
    const source = join(tempDir(), 'work');
    let deep = source;
    for (let i = 0; i < 8; i++) deep = join(deep, 'a'.repeat(250));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'a'.repeat(250)), 'kept: no "b" in its name');
    writeFileSync(join(source, 'aaaaaaaaab'), 'excluded');
    // As a regular expression this pattern takes time exponential in the stars on such names;
    // the run below would not finish within the test's time limit.
    const { app } = start(source, ['*a*a*a*a*a*a*a*a*a*b']);
    const [full] = await app.backup.run('full', 'work');
    const files = await app.backup.files(full!.id);
    expect(files.filter((f) => f.type === 'file').map((f) => f.path.split('/').length)).toEqual([9]);
    expect(files.some((f) => f.path === 'aaaaaaaaab')).toBe(false);
  });

  it('a tampered archive and manifest that write under a symlink leading out are refused by verify and restore', async () => {
    const outside = tempDir();
    const source = join(tempDir(), 'work');
    mkdirSync(source);
    symlinkSync(outside, join(source, 'link'));
    const { app } = start(source);
    const [full] = await app.backup.run('full', 'work');
    const record = app.backup.list().find((a) => a.id === full!.id)!;
    // Rebuilt as an attacker with write access to the destination would: the archive holds the
    // link and then a file through it, the manifest lists both, the catalog hash matches.
    const work = tempDir();
    mkdirSync(join(work, 'link'));
    writeFileSync(join(work, 'link/planted'), 'owned');
    const manifestPath = record.path!.replace(/\.tar\.gz$/, '.manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.tree['link/planted'] = { type: 'file', size: 5, mtimeMs: 0, ctimeMs: 0, ino: 1, mode: 0o644, sha256: createHash('sha256').update('owned').digest('hex') };
    manifest.taken.push('link/planted');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    execFileSync('tar', ['-czf', record.path!, '-C', source, 'link', '-C', work, 'link/planted']);
    const db = openStore(app.dataDir);
    db.prepare('UPDATE backup_archives SET sha256 = ? WHERE id = ?').run(createHash('sha256').update(readFileSync(record.path!)).digest('hex'), record.id);
    db.close();

    expect(await app.backup.verify(record.id)).toMatchObject([{ ok: false, problem: 'restore would refuse it: link/planted lies under a symlink' }]);
    const to = join(tempDir(), 'restored');
    await expect(app.backup.restore(record.id, to, [])).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/link\/planted lies under a symlink/) });
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(to)).toBe(false);
  });
});
