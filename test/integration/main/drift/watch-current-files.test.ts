import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidateFiles, selectFiles, signature } from '../../../../main/drift/watch/current-files';
import { tempDir } from '../../../helpers/temp-dir';

function tree(files: string[]): string {
  const root = tempDir();
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), 'x\n1\n');
  }
  return root;
}

const names = async (root: string, current: string) => (await candidateFiles(current)).map((f) => f.path.slice(root.length + 1)).sort();

describe('the files behind a watch', () => {
  it('takes the dataset files of a folder, never hidden ones or other files', async () => {
    const root = tree(['a.csv', 'b.jsonl.gz', '.c.csv', 'notes.md', 'sub/d.csv']);
    expect(await names(root, root)).toEqual(['a.csv', 'b.jsonl.gz']);
  });

  it('matches globs segment by segment', async () => {
    const root = tree(['2026-11-01/part-1.csv', '2026-11-02/part-1.csv', '2026-11-02/part-2.tsv', '2026-12-01/part-1.csv', 'x/part-1.csv', '2026-11-03/.part-9.csv']);
    expect(await names(root, join(root, '2026-11-*', 'part-?.csv'))).toEqual(['2026-11-01/part-1.csv', '2026-11-02/part-1.csv']);
    expect(await names(root, join(root, '2026-1[!2]-0[12]', '*'))).toEqual(['2026-11-01/part-1.csv', '2026-11-02/part-1.csv', '2026-11-02/part-2.tsv']);
  });

  it('picks the newest file, or the files of the last days oldest first, and says when there is none', () => {
    const now = Date.UTC(2026, 10, 30);
    const day = 86_400_000;
    const files = [
      { path: '/f/b.csv', mtimeMs: now - day, size: 1 },
      { path: '/f/a.csv', mtimeMs: now - 3 * day, size: 1 },
      { path: '/f/c.csv', mtimeMs: now - 60_000, size: 1 },
    ];
    expect(selectFiles('/f', files, { mode: 'newest' }, now).map((f) => f.path)).toEqual(['/f/c.csv']);
    expect(selectFiles('/f', files, { mode: 'recent', days: 2 }, now).map((f) => f.path)).toEqual(['/f/b.csv', '/f/c.csv']);
    expect(() => selectFiles('/f', files, { mode: 'recent', days: 2 }, now + 10 * day)).toThrow(/no dataset file modified in the last 2 days/);
    expect(() => selectFiles('/f', [], { mode: 'newest' }, now)).toThrow(/no dataset file there/);
    expect(signature(files)).not.toBe(signature([...files.slice(1), { ...files[0]!, size: 2 }]));
    expect(signature(files)).toBe(signature([...files].reverse()));
  });

  it('never follows links to folders: a link loop or a link out of the folder finds nothing and ends at once', async () => {
    const root = tree(['feed/day-1.csv', 'outside/secret.csv']);
    const feed = join(root, 'feed');
    symlinkSync('.', join(feed, 'a'));
    symlinkSync('.', join(feed, 'b'));
    symlinkSync(join(root, 'outside'), join(feed, 'out'));
    expect(await names(feed, join(feed, ...Array<string>(24).fill('*'), '*.csv'))).toEqual([]);
    expect(await names(feed, join(feed, '*', '*.csv'))).toEqual([]);
    expect(await names(feed, join(feed, '*.csv'))).toEqual(['day-1.csv']);
  });

  it('stops with a clear error past the cap on folder entries', async () => {
    const root = tree(['a/1.csv', 'a/2.csv', 'b/3.csv', 'c.csv']);
    await expect(candidateFiles(join(root, '*', '*.csv'), { maxEntries: 5 })).rejects.toThrow(`${join(root, '*', '*.csv')}: more than 5 folder entries to look through`);
    expect(await candidateFiles(join(root, '*', '*.csv'), { maxEntries: 6 })).toHaveLength(3);
    await expect(candidateFiles(root, { maxEntries: 2 })).rejects.toThrow(/more than 2 folder entries/);
  });

  it('names each file by its real path, once, however many links lead to it', async () => {
    const root = tree(['feed/day-3.csv']);
    const feed = join(root, 'feed');
    symlinkSync('day-3.csv', join(feed, 'latest.csv'));
    for (const current of [feed, join(feed, '*.csv'), join(feed, 'latest.csv')]) {
      expect((await candidateFiles(current)).map((f) => f.path), current).toEqual([join(feed, 'day-3.csv')]);
    }
  });

  it('refuses to read more than 1 000 files or 2 GiB of the last days as one dataset', () => {
    const now = Date.UTC(2026, 10, 30);
    const many = Array.from({ length: 1_001 }, (_, i) => ({ path: `/f/${i}.csv`, mtimeMs: now - i * 1_000, size: 10 }));
    expect(() => selectFiles('/f', many, { mode: 'recent', days: 1 }, now)).toThrow('/f: 1001 files were modified in the last 1 day; a check reads at most 1000: watch fewer days or a narrower glob');
    expect(selectFiles('/f', many.slice(0, 1_000), { mode: 'recent', days: 1 }, now)).toHaveLength(1_000);
    const big = [
      { path: '/f/a.csv', mtimeMs: now - 1_000, size: 1.5 * 1024 ** 3 },
      { path: '/f/b.csv', mtimeMs: now - 2_000, size: 0.6 * 1024 ** 3 },
    ];
    expect(() => selectFiles('/f', big, { mode: 'recent', days: 2 }, now)).toThrow('/f: the files modified in the last 2 days hold 2.1 GiB; a check reads at most 2.0 GiB');
    expect(selectFiles('/f', big.slice(0, 1), { mode: 'recent', days: 2 }, now)).toHaveLength(1);
  });
});
