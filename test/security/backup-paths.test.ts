import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../main/app';
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
});
