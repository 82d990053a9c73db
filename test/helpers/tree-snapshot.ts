import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export interface SnapshotEntry {
  kind: string;
  mode: number;
  mtimeMs: number;
  /** Content hash, link target, or nothing for a folder. */
  content: string;
  /** For a file with more than one name: the first of its names, in path order. */
  sameFileAs: string | null;
}

/** Every entry under a folder, as a restore must give it back: type, mode, mtime, content, links. */
export function treeSnapshot(root: string): Map<string, SnapshotEntry> {
  const out = new Map<string, SnapshotEntry>();
  const firstName = new Map<number, string>();
  const visit = (prefix: string) => {
    for (const name of readdirSync(join(root, prefix)).sort()) {
      const path = prefix ? `${prefix}/${name}` : name;
      const info = lstatSync(join(root, path));
      const base = { mode: info.mode & 0o7777, mtimeMs: info.mtimeMs, sameFileAs: null as string | null };
      if (info.isSymbolicLink()) out.set(path, { ...base, mode: 0, kind: 'symlink', content: readlinkSync(join(root, path)) });
      else if (info.isDirectory()) {
        out.set(path, { ...base, kind: 'directory', content: '' });
        visit(path);
      } else {
        if (info.nlink > 1) {
          if (!firstName.has(info.ino)) firstName.set(info.ino, path);
          base.sameFileAs = firstName.get(info.ino)!;
        }
        out.set(path, { ...base, kind: 'file', content: createHash('sha256').update(readFileSync(join(root, path))).digest('hex') });
      }
    }
  };
  visit('');
  return out;
}

/** Entry by entry; mtimes to the millisecond. `adjust` says how the source's entry should come back. */
export function expectSameTree(restored: Map<string, SnapshotEntry>, source: Map<string, SnapshotEntry>, label: string, adjust: (e: SnapshotEntry) => SnapshotEntry = (e) => e): void {
  expect([...restored.keys()], label).toEqual([...source.keys()]);
  for (const [path, entry] of source) {
    const want = adjust(entry);
    const got = restored.get(path)!;
    expect({ ...got, mtimeMs: 0 }, `${label}: ${path}`).toEqual({ ...want, mtimeMs: 0 });
    expect(Math.abs(got.mtimeMs - want.mtimeMs), `${label}: mtime of ${path}`).toBeLessThan(1);
  }
}
