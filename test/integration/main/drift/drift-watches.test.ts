import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import { createApiClient, type ApiClient } from '../../../../renderer/src/api/client';
import { createMemoryTransport } from '../../../../renderer/src/api/memory-transport';
import type { DriftWatch } from '../../../../shared/drift-watch';
import { normals } from '../../../helpers/dataset-files';
import { tempDir } from '../../../helpers/temp-dir';

/** A CSV of two numeric features; `shift` moves f0 by that many standard deviations. */
function feed(path: string, seed: number, shift: number, rows = 400): string {
  const z = normals(seed);
  const lines = Array.from({ length: rows }, () => `${(z() + shift).toFixed(4)},${z().toFixed(4)}`);
  writeFileSync(path, ['f0,f1', ...lines].join('\n') + '\n');
  return path;
}

const timing = { pollMs: 50, debounceMs: 100 };
const opened: App[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.dispose();
});

function open(dataDir: string, now?: () => number): { app: App; api: ApiClient } {
  const app = createApp({ dataDir, host: 'test', now, watchTiming: timing });
  opened.push(app);
  return { app, api: createApiClient(createMemoryTransport(app.dispatch, app.events)) };
}

/** Resolves with the first `drift.watch` event that satisfies `test`. */
function watchEvent(api: ApiClient, test: (w: DriftWatch) => boolean): Promise<DriftWatch> {
  return new Promise((resolve) => {
    const off = api.on('drift.watch', (w) => {
      if (test(w)) {
        off();
        resolve(w);
      }
    });
  });
}

function setup() {
  const root = tempDir();
  const incoming = join(root, 'incoming');
  mkdirSync(incoming);
  const reference = feed(join(root, 'reference.csv'), 1, 0);
  return { root, incoming, reference, dataDir: join(root, 'data') };
}

describe('drift watches', () => {
  it('checks the newest file of a folder when added, stores it in the drift history and raises a drift alert', async () => {
    const { incoming, reference, dataDir } = setup();
    feed(join(incoming, 'day-1.csv'), 2, 0);
    const newest = feed(join(incoming, 'day-2.csv'), 3, 2);
    utimesSync(join(incoming, 'day-1.csv'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const { app, api } = open(dataDir);

    const firstResult = watchEvent(api, (w) => w.last !== null || w.error !== null);
    const added = await api.call('drift.watches.add', { name: 'scores feed', reference: { path: reference }, current: incoming, intervalMinutes: 60 });
    expect(added).toMatchObject({ name: 'scores feed', current: incoming, select: { mode: 'newest' }, intervalMinutes: 60, onChange: true, confined: false });
    const watch = await firstResult;
    expect(watch.error).toBeNull();
    expect(watch.last).toMatchObject({ current: newest, level: 'SEVERE_DRIFT', drifted: true, driftedShare: 0.5 });

    const [run] = await api.call('drift.history');
    expect(run).toMatchObject({ id: watch.last!.runId, current: newest, watch: 'scores feed', level: 'SEVERE_DRIFT' });
    expect((await api.call('drift.get', { id: run!.id })).watch).toEqual({ id: watch.id, name: 'scores feed' });
    const alert = app.alerts.open().find((a) => a.rule === 'drift');
    expect(alert).toMatchObject({ resource: 'watch:scores feed', severity: 'ERROR' });
    expect((await api.call('foresight.outlook')).watches).toEqual({ count: 1, drifting: ['scores feed'], failing: [], nextRunAt: watch.lastCheckAt! + 3_600_000 });
  });

  it('checks again when a new file lands in the folder, and never runs two checks of one watch at once', async () => {
    const { incoming, reference, dataDir } = setup();
    feed(join(incoming, 'a.csv'), 2, 0);
    const { api } = open(dataDir);
    const first = watchEvent(api, (w) => w.last !== null);
    await api.call('drift.watches.add', { name: 'feed', reference: { path: reference }, current: incoming, intervalMinutes: null });
    const before = await first;
    expect(before.last!.level).toBe('NO_DRIFT');

    const changed = watchEvent(api, (w) => w.last !== null && w.last.runId !== before.last!.runId);
    const landed = feed(join(incoming, 'b.csv'), 4, 3);
    const after = await changed;
    expect(after.last).toMatchObject({ current: landed, level: 'SEVERE_DRIFT' });
    expect(after.history.map((p) => p.level)).toEqual(['NO_DRIFT', 'SEVERE_DRIFT']);

    const runsBefore = (await api.call('drift.history')).length;
    const [one, two] = await Promise.all([api.call('drift.watches.run', { watch: 'feed' }), api.call('drift.watches.run', { watch: after.id })]);
    expect(one.last!.runId).toBe(two.last!.runId);
    expect((await api.call('drift.history')).length).toBe(runsBefore + 1);
  });

  it('runs on its interval by the injected clock, and reads the files of the last days as one dataset', async () => {
    const { incoming, reference, dataDir } = setup();
    let clock = Date.now();
    const day = 86_400_000;
    const old = feed(join(incoming, 'old.csv'), 2, 5, 300);
    utimesSync(old, new Date(clock - 5 * day), new Date(clock - 5 * day));
    feed(join(incoming, 'yesterday.csv'), 3, 0, 250);
    utimesSync(join(incoming, 'yesterday.csv'), new Date(clock - day / 2), new Date(clock - day / 2));
    feed(join(incoming, 'today.csv'), 4, 0, 150);
    symlinkSync('today.csv', join(incoming, 'latest.csv')); // read once, not twice
    const { api } = open(dataDir, () => clock);

    const first = watchEvent(api, (w) => w.last !== null || w.error !== null);
    await api.call('drift.watches.add', { name: 'two days', reference: { path: reference }, current: join(incoming, '*.csv'), select: { mode: 'recent', days: 2 }, intervalMinutes: 30, onChange: false });
    const watch = await first;
    const report = await api.call('drift.get', { id: watch.last!.runId });
    expect(report.current).toMatchObject({ name: `2 files of ${join(incoming, '*.csv')}`, rows: 400 });
    expect(report.dataset.level).toBe('NO_DRIFT');
    expect(watch.nextRunAt).toBe(clock + 30 * 60_000);

    clock += 29 * 60_000;
    await new Promise((r) => setTimeout(r, 300));
    expect((await api.call('drift.watches.list'))[0]!.history).toHaveLength(1);
    const scheduled = watchEvent(api, (w) => w.history.length === 2);
    clock += 2 * 60_000;
    expect((await scheduled).lastCheckAt).toBe(clock);
  });

  it('records a failing check on the watch, raises nothing, and recovers when the file is fixed', async () => {
    const { incoming, reference, dataDir } = setup();
    const current = join(incoming, 'scores.csv');
    writeFileSync(current, 'f0,f1\n"unterminated,1\n');
    const { app, api } = open(dataDir);
    const failed = watchEvent(api, (w) => w.error !== null);
    await api.call('drift.watches.add', { name: 'broken', reference: { path: reference }, current, intervalMinutes: 60 });
    const watch = await failed;
    expect(watch.error!.message).toMatch(/scores\.csv/);
    expect(watch.last).toBeNull();
    expect(app.alerts.open().filter((a) => a.rule === 'drift')).toEqual([]);
    expect((await api.call('foresight.outlook')).watches).toMatchObject({ count: 1, drifting: [], failing: ['broken'] });

    rmSync(current);
    const missing = await api.call('drift.watches.run', { watch: 'broken' });
    expect(missing.error!.message).toMatch(/no such file/);

    const fixed = watchEvent(api, (w) => w.last !== null);
    feed(current, 5, 0);
    expect((await fixed).error).toBeNull();
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const { root, incoming, reference, dataDir } = setup();
    const { api } = open(dataDir);
    await api.call('drift.watches.add', { name: 'one', reference: { path: reference }, current: incoming, intervalMinutes: 60 });
    const attempts: [unknown, RegExp][] = [
      [{ name: 'one', reference: { path: reference }, current: incoming }, /exists already/],
      [{ name: 'two', reference: { path: join(root, 'nope.csv') }, current: incoming }, /reference .*no such file/],
      [{ name: 'two', reference: { path: reference }, current: join(root, 'missing-folder') }, /no such file or folder/],
      [{ name: 'two', reference: { path: reference }, current: join(root, 'missing-folder', '*.csv') }, /does not exist/],
      [{ name: 'two', reference: { path: reference }, current: 'relative/path' }, /full path/],
      [{ name: 'two', reference: { path: reference }, current: incoming, intervalMinutes: null, onChange: false }, /interval, a check on change/],
      [{ name: 'two', reference: { path: reference }, current: incoming, intervalMinutes: 0 }, /./],
      [{ name: '', reference: { path: reference }, current: incoming }, /name/],
    ];
    for (const [input, message] of attempts) {
      await expect(api.call('drift.watches.add', input as never), JSON.stringify(input)).rejects.toThrow(message);
    }
    for (const glob of ['[z-a].csv', '[ab.csv', '*?'.repeat(17) + '.csv']) {
      await expect(api.call('drift.watches.add', { name: 'two', reference: { path: reference }, current: join(incoming, glob) }), glob).rejects.toMatchObject({
        code: 'invalid_request',
        message: expect.stringMatching(/runs backwards|never closed|at most 32 wildcards/),
      });
    }
    expect((await api.call('drift.watches.list')).map((w) => w.name)).toEqual(['one']);
    await expect(api.call('drift.watches.run', { watch: 'two' })).rejects.toThrow(/no drift watch "two"/);
    await expect(api.call('drift.watches.remove', { watch: 99 })).rejects.toThrow(/no drift watch #99/);
  });

  it('survives a restart with its reference copy, its last result and its history; removing it keeps its runs', async () => {
    const { incoming, reference, dataDir } = setup();
    feed(join(incoming, 'a.csv'), 2, 2);
    const first = open(dataDir);
    const checked = watchEvent(first.api, (w) => w.last !== null);
    await first.api.call('drift.watches.add', { name: 'kept', reference: { path: reference }, current: incoming, intervalMinutes: 120 });
    const before = await checked;
    await first.app.dispose();
    opened.splice(opened.indexOf(first.app), 1);
    rmSync(reference);

    const second = open(dataDir);
    const [after] = await second.api.call('drift.watches.list');
    expect(after).toEqual({ ...before, running: false });
    expect(existsSync(after!.reference.path)).toBe(true);
    const again = await second.api.call('drift.watches.run', { watch: 'kept' });
    expect(again.error).toBeNull();
    expect(again.history).toHaveLength(2);

    const removed = await second.api.call('drift.watches.remove', { watch: 'kept' });
    expect(removed.name).toBe('kept');
    expect(existsSync(after!.reference.path)).toBe(false);
    expect(await second.api.call('drift.watches.list')).toEqual([]);
    expect(await second.api.call('drift.history')).toHaveLength(2);
    expect(second.app.alerts.open().filter((a) => a.rule === 'drift')).toEqual([]);
  });

  it('checks at start when the data changed while Vigil was not running', async () => {
    const { incoming, reference, dataDir } = setup();
    feed(join(incoming, 'a.csv'), 2, 0);
    const first = open(dataDir);
    const checked = watchEvent(first.api, (w) => w.last !== null);
    await first.api.call('drift.watches.add', { name: 'nightly', reference: { path: reference }, current: incoming, intervalMinutes: 600 });
    expect((await checked).last!.level).toBe('NO_DRIFT');
    await first.app.dispose();
    opened.splice(opened.indexOf(first.app), 1);
    const landed = feed(join(incoming, 'b.csv'), 3, 3);

    const second = open(dataDir);
    const caughtUp = await watchEvent(second.api, (w) => w.history.length === 2);
    expect(caughtUp.last).toMatchObject({ current: landed, level: 'SEVERE_DRIFT' });
  });

  it('removes a watch in the middle of a check only after the check, leaving no alert behind', async () => {
    const { incoming, reference, dataDir } = setup();
    feed(join(incoming, 'a.csv'), 2, 3);
    const { app, api } = open(dataDir);
    await api.call('drift.watches.add', { name: 'brief', reference: { path: reference }, current: incoming, intervalMinutes: 60, onChange: false });
    const checking = api.call('drift.watches.run', { watch: 'brief' });
    const removed = await api.call('drift.watches.remove', { watch: 'brief' });
    expect((await checking).last!.level).toBe('SEVERE_DRIFT');
    expect(removed.last!.level).toBe('SEVERE_DRIFT');
    await expect(api.call('drift.watches.run', { watch: 'brief' })).rejects.toThrow(/no drift watch "brief"/);
    expect(app.alerts.open().filter((a) => a.rule === 'drift')).toEqual([]);
    expect((await api.call('drift.history'))[0]).toMatchObject({ level: 'SEVERE_DRIFT' });

    // A new watch never inherits the history of a removed one.
    const again = await api.call('drift.watches.add', { name: 'brief', reference: { path: reference }, current: incoming, intervalMinutes: 60, onChange: false });
    expect(again.id).toBeGreaterThan(removed.id);
    expect((await api.call('drift.watches.list'))[0]!.history.map((p) => p.runId)).not.toContain(removed.last!.runId);
  });

  it('keeps at most 100 watches, and refuses the next with a clear error', async () => {
    const { incoming, reference, dataDir } = setup();
    feed(join(incoming, 'a.csv'), 2, 0, 50);
    const app = createApp({ dataDir, host: 'test', live: false });
    opened.push(app);
    const api = createApiClient(createMemoryTransport(app.dispatch, app.events));
    for (let i = 0; i < 100; i++) await api.call('drift.watches.add', { name: `w${i}`, reference: { path: reference }, current: incoming });
    await expect(api.call('drift.watches.add', { name: 'one more', reference: { path: reference }, current: incoming })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/at most 100 drift watches/),
    });
    expect(await api.call('drift.watches.list')).toHaveLength(100);
  });

  it('runs one check at a time, however many are due at once', async () => {
    const { incoming, reference, dataDir } = setup();
    feed(join(incoming, 'a.csv'), 2, 0, 3_000);
    const { api } = open(dataDir);
    const names = ['q1', 'q2', 'q3', 'q4'];
    for (const name of names) await api.call('drift.watches.add', { name, reference: { path: reference }, current: incoming, intervalMinutes: 60, onChange: false });
    const checked = await Promise.all(names.map((watch) => api.call('drift.watches.run', { watch })));
    const reports = await Promise.all(checked.map((w) => api.call('drift.get', { id: w.last!.runId })));
    const spans = reports.map((r) => [r.createdAt, r.createdAt + r.durationMs] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it('checks at once a watch another process added to the same database (the CLI while a host runs)', async () => {
    const { incoming, reference, dataDir } = setup();
    feed(join(incoming, 'a.csv'), 2, 3);
    const { api } = open(dataDir);
    const checked = new Map<string, Promise<DriftWatch>>(['hourly', 'on change'].map((name) => [name, watchEvent(api, (w) => w.name === name && w.last !== null)]));
    const cli = createApp({ dataDir, host: 'test', live: false });
    opened.push(cli);
    const cliApi = createApiClient(createMemoryTransport(cli.dispatch, cli.events));
    await cliApi.call('drift.watches.add', { name: 'hourly', reference: { path: reference }, current: incoming, intervalMinutes: 600 });
    await cliApi.call('drift.watches.add', { name: 'on change', reference: { path: reference }, current: incoming, intervalMinutes: null });
    for (const watch of await Promise.all(checked.values())) expect(watch.last!.level).toBe('SEVERE_DRIFT');
  });

  it('adds one of two watches of the same name added at once; the other is a conflict and leaves no copy behind', async () => {
    const { incoming, reference, dataDir } = setup();
    feed(join(incoming, 'a.csv'), 2, 0, 50);
    const app = createApp({ dataDir, host: 'test', live: false });
    opened.push(app);
    const api = createApiClient(createMemoryTransport(app.dispatch, app.events));
    const input = { name: 'twin', reference: { path: reference }, current: incoming };
    const results = await Promise.allSettled([api.call('drift.watches.add', input), api.call('drift.watches.add', input)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected')!;
    expect(refused.reason).toMatchObject({ code: 'conflict', message: 'a drift watch named "twin" exists already: pick another name or remove it first' });
    const [kept] = await api.call('drift.watches.list');
    expect(readdirSync(join(dataDir, 'drift-watches'))).toEqual([basename(kept!.reference.path)]);
  });

  it('drops the checks still waiting their turn when Vigil stops, so quitting does not wait for all of them', async () => {
    const { incoming, reference, dataDir } = setup();
    feed(join(incoming, 'a.csv'), 2, 0, 20_000);
    const first = open(dataDir);
    for (let i = 0; i < 10; i++) await first.api.call('drift.watches.add', { name: `w${i}`, reference: { path: reference }, current: incoming, intervalMinutes: 60, onChange: false });
    await first.app.dispose();
    opened.splice(opened.indexOf(first.app), 1);

    const after = createApp({ dataDir, host: 'test', live: false });
    opened.push(after);
    const watches = await createApiClient(createMemoryTransport(after.dispatch, after.events)).call('drift.watches.list');
    expect(watches).toHaveLength(10);
    expect(watches.filter((w) => w.lastCheckAt !== null).length).toBeLessThan(10);
    expect(watches.filter((w) => w.lastCheckAt === null).every((w) => w.error === null && w.last === null)).toBe(true);
  });
});
