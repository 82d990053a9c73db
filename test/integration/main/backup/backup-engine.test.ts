import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import { createApiClient } from '../../../../renderer/src/api/client';
import { createMemoryTransport } from '../../../../renderer/src/api/memory-transport';
import { tempDir } from '../../../helpers/temp-dir';

const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose();
});

function start(config: object, live = false) {
  const dataDir = tempDir();
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  const app = createApp({ dataDir, host: 'test', live });
  apps.push(app);
  return { app, api: createApiClient(createMemoryTransport(app.dispatch, app.events)) };
}

describe('the backup engine through the contract', () => {
  it('catches up a missed full backup at start, and skips source folders that do not exist', async () => {
    const models = join(tempDir(), 'models');
    mkdirSync(models);
    writeFileSync(join(models, 'a.bin'), 'a');
    const { app } = start({ monitor: { gpu: { enabled: false } }, backup: { sources: [{ name: 'models', path: models }, { name: 'gone', path: '/nonexistent/folder' }], destination: join(tempDir(), 'b') } }, true);
    await expect.poll(() => app.backup.list().map((a) => `${a.source} ${a.kind} ${a.status}`), { timeout: 5000 }).toEqual(['models full complete']);
    expect(app.alerts.open().filter((a) => a.rule === 'backup')).toEqual([]);
    expect(app.backup.nextRuns().full).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  });

  it('a failed run is an alert until the next run of that source succeeds', async () => {
    const folder = join(tempDir(), 'data');
    const { app, api } = start({ backup: { sources: [{ name: 'data', path: folder }], destination: join(tempDir(), 'b') } });
    await expect(api.call('backup.run', { kind: 'full', source: 'data' })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/does not exist/) });
    expect(app.alerts.open()).toMatchObject([{ rule: 'backup', resource: 'data', severity: 'ERROR', summary: expect.stringMatching(/^full backup of data failed/) }]);
    mkdirSync(folder);
    writeFileSync(join(folder, 'x.csv'), '1,2');
    await api.call('backup.run', { kind: 'full', source: 'data' });
    expect(app.alerts.open()).toEqual([]);
  });

  it('browses an archive, restores one file over its original place, and shows what a prune would free', async () => {
    const models = join(tempDir(), 'models');
    mkdirSync(join(models, 'run'), { recursive: true });
    writeFileSync(join(models, 'run/best.pt'), 'good weights');
    writeFileSync(join(models, 'run/other.pt'), 'other');
    const { app, api } = start({ backup: { sources: [{ name: 'models', path: models }], destination: join(tempDir(), 'b'), retention: { fulls: 1 } } });
    const [first] = await api.call('backup.run', { kind: 'full' });
    writeFileSync(join(models, 'run/best.pt'), 'overwritten by a bad experiment');
    writeFileSync(join(models, 'run/other.pt'), 'newer other, keep me');
    expect(await api.call('backup.files', { id: first!.id, search: 'BEST' })).toEqual([{ path: 'run/best.pt', type: 'file', size: 12 }]);

    expect(await api.call('backup.restore', { id: first!.id, to: null, paths: ['run/best.pt'] })).toEqual({ files: 1, to: models });
    expect(readFileSync(join(models, 'run/best.pt'), 'utf8')).toBe('good weights');
    expect(readFileSync(join(models, 'run/other.pt'), 'utf8')).toBe('newer other, keep me');

    const firstBytes = (await api.call('backup.list'))[0]!.bytes;
    expect((await api.call('backup.list'))[0]!.freedIfDeleted).toBe(firstBytes);
    // One full kept: the second full's run deletes the first by itself.
    const [second] = await api.call('backup.run', { kind: 'full' });
    expect((await api.call('backup.list')).map((a) => a.id)).toEqual([second!.id]);
    expect(app.backup.lastRetention).toMatchObject({ remove: [first!.id], freedBytes: firstBytes });
    expect(existsSync(first!.path!)).toBe(false);
    expect(await api.call('backup.prune', { dryRun: true })).toEqual({ remove: [], freedBytes: 0 });
  });

  it('after every successful run, keeps whole chains within both limits; incrementals count over the kept chains', async () => {
    const models = join(tempDir(), 'models');
    mkdirSync(models);
    writeFileSync(join(models, 'a.txt'), 'a');
    const destination = join(tempDir(), 'b');
    const { api } = start({ backup: { sources: [{ name: 'models', path: models }], destination, retention: { fulls: 3, incrementals: 3 } } });
    const run = async (kind: 'full' | 'incremental' | 'differential') => {
      writeFileSync(join(models, 'a.txt'), String(Math.random()));
      return (await api.call('backup.run', { kind }))[0]!.id;
    };
    const ids = async () => (await api.call('backup.list')).map((a) => a.id);
    const oldFull = await run('full');
    const oldInc = await run('incremental');
    const midFull = await run('full');
    const midDiff = await run('differential');
    const midInc = await run('incremental');
    // Two chains, three incrementals and differentials: within both limits.
    expect(await ids()).toEqual([oldFull, oldInc, midFull, midDiff, midInc]);
    const newFull = await run('full');
    // Three chains, still three: kept.
    expect(await ids()).toEqual([oldFull, oldInc, midFull, midDiff, midInc, newFull]);
    const newInc = await run('incremental');
    // Four would be over `incrementals`: the oldest chain goes whole, never an archive alone.
    expect(await ids()).toEqual([midFull, midDiff, midInc, newFull, newInc]);
    await run('incremental');
    const newest = await run('incremental');
    // The newest chain alone is over the limit: it is kept whole anyway, every older chain goes.
    expect(await ids()).toEqual([newFull, newInc, newest - 1, newest]);
    expect(readdirSync(join(destination, 'models')).filter((n) => n.endsWith('.tar.gz')).length).toBe(4);
    expect((await api.call('backup.verify')).every((r) => r.ok)).toBe(true);
  });

  it('a run that will not fit in the destination\'s free space fails before writing, with an alert naming the space', async () => {
    const models = join(tempDir(), 'models');
    mkdirSync(models);
    // 4 TiB of holes: a real file no disk here has room to archive uncompressed.
    writeFileSync(join(models, 'huge.ckpt'), 'x');
    truncateSync(join(models, 'huge.ckpt'), 4 * 2 ** 40);
    const destination = join(tempDir(), 'b');
    const { app, api } = start({ backup: { sources: [{ name: 'models', path: models }], destination } });
    await expect(api.call('backup.run', { kind: 'full', source: 'models' })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/^models: not enough space on .*: this full backup needs about 4\.4 TB and [\d.]+ [KMGT]?B(ytes)? is free$/),
    });
    expect(app.alerts.open()).toMatchObject([{ rule: 'backup', resource: 'models', severity: 'ERROR', summary: expect.stringMatching(/needs about 4\.4 TB/) }]);
    expect(readdirSync(join(destination, 'models'))).toEqual([]);
    expect((await api.call('backup.list')).map((a) => a.status)).toEqual(['failed']);

    // Run for every source, the one that fits is kept and the run still fails, naming the other.
    const notes = join(tempDir(), 'notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'n.md'), 'small');
    await api.call('config.update', { backup: { sources: [{ name: 'notes', path: notes, exclude: [] }, { name: 'models', path: models, exclude: [] }] } });
    await expect(api.call('backup.run', { kind: 'full' })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^models: not enough space on /) });
    expect((await api.call('backup.list')).map((a) => `${a.source} ${a.status}`)).toEqual(['models failed', 'notes complete', 'models failed']);
  });

  it('sources through the contract: a path the host cannot find changes nothing; status per source; removing keeps the archives', async () => {
    const models = join(tempDir(), 'models');
    mkdirSync(join(models, 'ckpt'), { recursive: true });
    writeFileSync(join(models, 'ckpt/a.pt'), '12345');
    const { app, api } = start({ backup: { sources: [{ name: 'models', path: models }, { name: 'gone', path: '/nonexistent/gone' }], destination: join(tempDir(), 'b') } });
    const configFile = readFileSync(join(app.dataDir, 'config.json'), 'utf8');
    const file = join(models, 'ckpt/a.pt');
    for (const [path, problem] of [['/nonexistent/notebooks', 'folder not found: /nonexistent/notebooks'], [file, `${file} is a file, not a folder`], ['relative/path', 'give the full path of the folder (starting with / or ~)']]) {
      expect(await api.call('backup.checkFolder', { path: path! })).toMatchObject({ problem });
      await expect(api.call('backup.saveSource', { source: { name: 'notebooks', path: path!, exclude: [] } })).rejects.toMatchObject({ code: 'invalid_request', message: problem });
    }
    await expect(api.call('backup.saveSource', { source: { name: 'gone', path: models, exclude: [] } })).rejects.toMatchObject({ code: 'conflict' });
    await expect(api.call('backup.saveSource', { source: { name: 'bad name!', path: models, exclude: [] } })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(readFileSync(join(app.dataDir, 'config.json'), 'utf8')).toBe(configFile);
    await expect(api.call('backup.pickFolder')).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/type the folder path/) });

    // Before the first backup, the folder as it is now.
    expect((await api.call('backup.sources'))[0]).toMatchObject({ sizeBytes: 5, files: 1, lastArchive: null });
    const [full] = await api.call('backup.run', { kind: 'full', source: 'models' });
    writeFileSync(join(models, 'ckpt/b.pt'), 'added after the backup');
    expect(await api.call('backup.sources')).toEqual([
      { name: 'models', path: models, exclude: [], exists: true, sizeBytes: 5, files: 1, lastArchive: { id: full!.id, kind: 'full', at: expect.any(Number) }, nextRun: expect.any(Number) },
      { name: 'gone', path: '/nonexistent/gone', exclude: [], exists: false, sizeBytes: null, files: null, lastArchive: null, nextRun: null },
    ]);
    const edited = await api.call('backup.saveSource', { previousName: 'models', source: { name: 'models', path: models, exclude: ['*.tmp', ' ', '*.tmp'] } });
    expect(edited[0]!.exclude).toEqual(['*.tmp']);
    expect((await api.call('backup.removeSource', { name: 'models' })).map((s) => s.name)).toEqual(['gone']);
    expect(app.config.value.backup.sources.map((s) => s.name)).toEqual(['gone']);
    expect((await api.call('backup.list')).map((a) => a.id)).toEqual([full!.id]);
  });

  it('a restore over a source folder killed between its two renames is healed by the next recovery; a live one is left alone', async () => {
    const parent = tempDir();
    const models = join(parent, 'models');
    // What a dead restoring process left (no pid is ever 999999999): the folder set aside, not yet replaced.
    mkdirSync(join(parent, '.models.vigil-old-999999999-abcd'));
    writeFileSync(join(parent, '.models.vigil-old-999999999-abcd/weights.pt'), 'mine');
    mkdirSync(join(parent, '.models.vigil-restore-999999999-ef01'));
    writeFileSync(join(parent, '.models.vigil-restore-999999999-ef01/weights.pt'), 'half restored');
    const live = `.models.vigil-restore-${process.pid}-0123`;
    mkdirSync(join(parent, live));
    const { app } = start({ backup: { sources: [{ name: 'models', path: models }], destination: join(tempDir(), 'b') } });
    app.backup.recover();
    expect(readFileSync(join(models, 'weights.pt'), 'utf8')).toBe('mine');
    expect(readdirSync(parent).sort()).toEqual([live, 'models']);

    // The swap happened but the old content was not yet deleted: it goes.
    mkdirSync(join(parent, '.models.vigil-old-999999999-9999'));
    app.backup.recover();
    expect(readdirSync(parent).sort()).toEqual([live, 'models']);
    expect(readFileSync(join(models, 'weights.pt'), 'utf8')).toBe('mine');
  });

  it('restores a whole archive over the source folder, keeping nothing of the newer state', async () => {
    const models = join(tempDir(), 'models');
    mkdirSync(models);
    writeFileSync(join(models, 'a.txt'), 'a');
    const { api } = start({ backup: { sources: [{ name: 'models', path: models }], destination: join(tempDir(), 'b') } });
    const [full] = await api.call('backup.run', { kind: 'full' });
    writeFileSync(join(models, 'junk.txt'), 'junk');
    await api.call('backup.restore', { id: full!.id, to: null });
    expect(readdirSync(models)).toEqual(['a.txt']);
  });

  it('refuses an in-place restore once the source points to another folder, and leaves that folder alone', async () => {
    const old = join(tempDir(), 'models');
    mkdirSync(old);
    writeFileSync(join(old, 'a.txt'), 'old');
    const { app, api } = start({ backup: { sources: [{ name: 'models', path: old }], destination: join(tempDir(), 'b') } });
    const [full] = await api.call('backup.run', { kind: 'full' });
    const moved = join(tempDir(), 'elsewhere');
    mkdirSync(moved);
    writeFileSync(join(moved, 'precious.txt'), 'keep me');
    await api.call('backup.saveSource', { previousName: 'models', source: { name: 'models', path: moved, exclude: [] } });
    expect(app.config.value.backup.sources[0]!.path).toBe(moved);

    for (const paths of [undefined, ['a.txt']]) {
      await expect(api.call('backup.restore', { id: full!.id, to: null, ...(paths ? { paths } : {}) })).rejects.toMatchObject({
        code: 'conflict',
        message: `source models now points to ${moved}, but archive ${full!.id} was taken from ${old}: restore to another folder`,
      });
    }
    expect(readdirSync(moved)).toEqual(['precious.txt']);
    expect(readFileSync(join(moved, 'precious.txt'), 'utf8')).toBe('keep me');
    // Restoring to another folder still works.
    const copy = join(tempDir(), 'copy');
    expect(await api.call('backup.restore', { id: full!.id, to: copy })).toEqual({ files: 1, to: copy });
    expect(readFileSync(join(copy, 'a.txt'), 'utf8')).toBe('old');
  });
});
