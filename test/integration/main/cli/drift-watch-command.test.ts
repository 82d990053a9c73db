import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DriftWatch } from '../../../../shared/drift-watch';
import { normals } from '../../../helpers/dataset-files';
import { runVigil } from '../../../helpers/run-cli';
import { tempDir } from '../../../helpers/temp-dir';

function feed(path: string, seed: number, shift: number): string {
  const z = normals(seed);
  writeFileSync(path, ['age,noise', ...Array.from({ length: 500 }, () => `${(40 + 10 * z() + 10 * shift).toFixed(3)},${z().toFixed(3)}`)].join('\n') + '\n');
  return path;
}

describe('vigil drift watch', () => {
  it('adds, lists, runs and removes a watch, with --json where it prints results', async () => {
    const root = tempDir();
    const dataDir = join(root, 'data');
    const incoming = join(root, 'incoming');
    mkdirSync(incoming);
    const reference = feed(join(root, 'train.csv'), 1, 0);
    feed(join(incoming, 'monday.csv'), 2, 1);
    const vigil = (...args: string[]) => runVigil(['--data-dir', dataDir, 'drift', 'watch', ...args]);

    const added = await vigil('add', 'daily scores', reference, join(incoming, '*.csv'), '--every', '720', '--last-days', '3');
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain(`added drift watch daily scores: ${reference} against the files of the last 3 days of ${incoming}/*.csv, every 720 min and when the data changes`);

    const listed = await vigil('list', '--json');
    const [watch] = JSON.parse(listed.stdout) as DriftWatch[];
    expect(watch).toMatchObject({ name: 'daily scores', select: { mode: 'recent', days: 3 }, intervalMinutes: 720, onChange: true, last: null, error: null });
    expect(watch!.nextRunAt).toBe(watch!.createdAt); // never checked: a running host checks it at once

    const run = await vigil('run', 'daily scores', '--json', '--fail-on', 'moderate');
    expect(run.status, run.stderr).toBe(3);
    expect((JSON.parse(run.stdout) as DriftWatch).last).toMatchObject({ level: 'SEVERE_DRIFT', current: join(incoming, 'monday.csv') });

    const text = await vigil('list');
    expect(text.stdout).toMatch(/^daily scores: .*\n {2}last result: SEVERE_DRIFT \(50 % of features drifted\) at .+monday\.csv \(run #1\)\n {2}next check: /);

    const history = await runVigil(['--data-dir', dataDir, 'drift', 'watch', 'remove', 'daily scores']);
    expect(history).toMatchObject({ status: 0, stdout: 'removed drift watch daily scores; its result stays in the drift history\n' });
    expect((await vigil('list')).stdout).toBe('No drift watches.\n');
  });

  it('exits 1 with the reason when a check fails, and 2 on bad usage, changing nothing', async () => {
    const root = tempDir();
    const dataDir = join(root, 'data');
    const current = join(root, 'scores.csv');
    feed(current, 3, 0);
    const reference = feed(join(root, 'train.csv'), 1, 0);
    const vigil = (...args: string[]) => runVigil(['--data-dir', dataDir, 'drift', 'watch', ...args]);
    expect((await vigil('add', 'scores', reference, current, '--every', 'never')).status).toBe(0);

    writeFileSync(current, 'age,noise\n"40,1\n');
    const failed = await vigil('run', 'scores');
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/last check failed at .*scores\.csv/);

    const bad = [
      [['add', 'other', join(root, 'missing.csv'), current], /reference .*no such file/],
      [['add', 'other', reference, current, '--every', '0'], /--every takes whole minutes or never/],
      [['add', 'other', reference], /needs a name, a reference dataset and the current file, folder or glob/],
      [['run'], /needs the name of a watch/],
      [['frobnicate'], /unknown drift watch command/],
    ] as const;
    for (const [args, message] of bad) {
      const result = await vigil(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const taken = await vigil('add', 'scores', reference, current);
    expect(taken).toMatchObject({ status: 1, stderr: expect.stringMatching(/a drift watch named "scores" exists already/) });
    const missing = await vigil('run', 'nope');
    expect(missing).toMatchObject({ status: 1, stderr: 'vigil: no drift watch "nope"\n' });
    expect((JSON.parse((await vigil('list', '--json')).stdout) as DriftWatch[]).map((w) => w.name)).toEqual(['scores']);
  });
});
