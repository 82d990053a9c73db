import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../../main/app';
import { normals, writeCsv } from '../../../helpers/dataset-files';
import { tempDir } from '../../../helpers/temp-dir';

describe('automatic actions', () => {
  let app: App;
  let dataDir: string;
  let cache: string;
  let outside: string;
  let reference: string;
  let current: string;

  beforeAll(() => {
    dataDir = tempDir();
    cache = join(tempDir(), 'cache');
    mkdirSync(join(cache, 'hf', 'models'), { recursive: true });
    writeFileSync(join(cache, 'hf', 'models', 'weights.bin'), 'x'.repeat(1000));
    writeFileSync(join(cache, 'tmp.lock'), '');
    outside = join(tempDir(), 'precious');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep.txt'), 'mine');
    symlinkSync(outside, join(cache, 'escape'));
    const z = normals(5);
    reference = writeCsv('ref.csv', ['x'], Array.from({ length: 300 }, () => [z().toFixed(3)]));
    current = writeCsv('cur.csv', ['x'], Array.from({ length: 300 }, () => [(z() + 3).toFixed(3)]));
    const work = join(tempDir(), 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'notes.txt'), 'keep me');
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({
        backup: { sources: [{ name: 'work', path: work }], destination: join(tempDir(), 'backups') },
        alerts: {
          channels: [{ name: 'log', type: 'log' }],
          cacheFolders: [cache],
          actions: [
            { name: 'say', action: 'command', command: [process.execPath, '-e', 'console.log("recovering " + process.argv[1]); console.log(Object.keys(process.env).sort().join(","))', 'ranker'], when: { rule: 'model-error-rate' } },
            { name: 'slow', action: 'command', command: [process.execPath, '-e', 'setTimeout(() => {}, 10000)'], timeoutSeconds: 0.5, when: { rule: 'model-latency' } },
            { name: 'free-disk', action: 'clear_cache', when: { rule: 'disk', minSeverity: 'CRITICAL' } },
            { name: 'escape', action: 'clear_cache', path: join(cache, 'escape'), when: { rule: 'memory', minSeverity: 'CRITICAL' } },
            { name: 'recheck', action: 'run_drift_check', reference, current, when: { rule: 'drift' } },
            { name: 'note', action: 'log_warning', when: { state: 'resolved' }, cooldownMinutes: 0 },
            { name: 'backup', action: 'trigger_backup', when: { rule: 'gpu-temperature' } },
          ],
        },
      }),
    );
    app = createApp({ dataDir, host: 'test', live: false });
  });
  afterAll(() => app.dispose());

  const outputs = async (rule: string, resource?: string) => {
    await app.alerts.actions.settle();
    const alert = app.alerts.history({ rule, resource })[0]!.alert;
    return app.alerts.actions.outputs(alert.id);
  };

  it('runs a configured command without a shell, in a clean environment, keeping its output with the alert', async () => {
    app.alerts.observe([['model.error_rate{ranker}', 30]]);
    const [run] = await outputs('model-error-rate');
    expect(run).toMatchObject({ action: 'say', ok: true });
    expect(run!.output.split('\n')[0]).toBe('recovering ranker');
    expect(run!.output.split('\n')[1]).toBe('HOME,LANG,PATH');
  });

  it('once per state change, and not again within the cooldown', async () => {
    app.alerts.observe([['model.error_rate{ranker}', 31]]);
    app.alerts.observe([['model.error_rate{ranker}', 1]]);
    app.alerts.observe([['model.error_rate{ranker}', 40]]); // a new alert, but within the 10-minute cooldown
    await app.alerts.actions.settle();
    const all = app.alerts.history({ rule: 'model-error-rate' }).flatMap((h) => app.alerts.actions.outputs(h.alert.id));
    expect(all.filter((o) => o.action === 'say')).toHaveLength(1);
  });

  it('kills a command that outlives its timeout and says so', async () => {
    app.alerts.observe([['model.latency_p95{ranker}', 9000]]);
    const [run] = await outputs('model-latency');
    expect(run).toMatchObject({ action: 'slow', ok: false, output: expect.stringMatching(/^timed out after 0\.5 s/) });
  });

  it('clear_cache empties the configured cache folder, and refuses a path that leads outside it', async () => {
    app.alerts.setCondition({ rule: 'disk', resource: '/', severity: 'CRITICAL', summary: 'disk / at 97 %' });
    const [cleared] = await outputs('disk');
    expect(cleared).toMatchObject({ action: 'free-disk', ok: true, output: expect.stringMatching(/^removed 3 entries/) });
    expect(existsSync(join(cache, 'hf'))).toBe(false);
    expect(readFileSync(join(outside, 'keep.txt'), 'utf8')).toBe('mine');

    symlinkSync(outside, join(cache, 'escape'));
    app.alerts.setCondition({ rule: 'memory', resource: null, severity: 'CRITICAL', summary: 'memory at 99 %' });
    const [refused] = await outputs('memory');
    expect(refused).toMatchObject({ action: 'escape', ok: false, output: expect.stringMatching(/^refused: .*escape is not inside a configured cache folder/) });
    expect(readFileSync(join(outside, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('run_drift_check runs the drift engine; trigger_backup runs a backup', async () => {
    app.alerts.setCondition({ rule: 'drift', resource: 'x', severity: 'WARNING', summary: 'drift on x' });
    const [check] = await outputs('drift', 'x');
    expect(check).toMatchObject({ action: 'recheck', ok: true, output: expect.stringMatching(/^drift check #\d+: worst feature "\w+": severe drift; dataset drifted \(1 of 1 tested features drifted\)$/) });
    app.alerts.setCondition({ rule: 'gpu-temperature', resource: '0', severity: 'CRITICAL', summary: 'GPU 0 at 93 °C' });
    const [backup] = await outputs('gpu-temperature');
    expect(backup).toMatchObject({ action: 'backup', ok: true, output: expect.stringMatching(/^backup: work #\d+ \(full, 1 files\)$/) });
    expect(app.backup.list()).toMatchObject([{ source: 'work', kind: 'full', status: 'complete' }]);
  });

  it('log actions write to logs/actions.log when alerts resolve', async () => {
    app.alerts.setCondition({ rule: 'drift', resource: 'x', severity: null, summary: 'x is stable again' });
    await app.alerts.actions.settle();
    const lines = readFileSync(join(dataDir, 'logs', 'actions.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ level: 'warning', state: 'resolved' });
  });
});
