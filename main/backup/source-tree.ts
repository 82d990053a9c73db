import { constants } from 'node:fs';
import { access, lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { globMatcher } from './glob-match';

export interface TreeEntry {
  type: 'file' | 'directory' | 'symlink';
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  mode: number;
  linkTarget?: string;
}

export interface SourceTree {
  entries: Map<string, TreeEntry>;
  /** Special files, unreadable folders: reported, not fatal. */
  skipped: { path: string; reason: string }[];
}

/** Walks a source folder without following links; paths are relative, with "/" separators. */
export async function walkSource(root: string, exclude: readonly string[]): Promise<SourceTree> {
  const excluded = globMatcher(exclude);
  const entries = new Map<string, TreeEntry>();
  const skipped: SourceTree['skipped'] = [];
  const visit = async (relative: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(join(root, relative))).sort();
    } catch (error) {
      skipped.push({ path: relative || '.', reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      return;
    }
    for (const name of names) {
      const path = relative ? `${relative}/${name}` : name;
      if (excluded(path)) continue;
      let info;
      try {
        info = await lstat(join(root, path));
      } catch (error) {
        skipped.push({ path, reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
        continue;
      }
      const base = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, mode: info.mode & 0o7777 };
      if (info.isDirectory()) {
        entries.set(path, { ...base, type: 'directory', size: 0 });
        await visit(path);
      } else if (info.isFile()) {
        // An unreadable file is reported and left out, so it cannot fail the whole archive.
        const readable = await access(join(root, path), constants.R_OK).then(() => true, () => false);
        if (readable) entries.set(path, { ...base, type: 'file' });
        else skipped.push({ path, reason: 'not readable' });
      } else if (info.isSymbolicLink()) {
        entries.set(path, { ...base, type: 'symlink', linkTarget: await readlink(join(root, path)) });
      } else {
        skipped.push({ path, reason: 'special file (device, socket or pipe)' });
      }
    }
  };
  await visit('');
  return { entries, skipped };
}

/** What a backup must take relative to a base tree: new or changed entries, and what disappeared. */
export function changesSince(current: Map<string, TreeEntry>, base: Map<string, Omit<TreeEntry, 'ctimeMs' | 'ino'> & Partial<TreeEntry>> | null) {
  if (!base) return { take: [...current.keys()], deleted: [] as string[] };
  const take: string[] = [];
  for (const [path, entry] of current) {
    const before = base.get(path);
    const changed =
      !before ||
      before.type !== entry.type ||
      before.size !== entry.size ||
      before.mtimeMs !== entry.mtimeMs ||
      (before.ctimeMs !== undefined && before.ctimeMs !== entry.ctimeMs) ||
      (before.ino !== undefined && before.ino !== entry.ino) ||
      before.linkTarget !== entry.linkTarget ||
      before.mode !== entry.mode;
    if (changed && !(entry.type === 'directory' && before?.type === 'directory')) take.push(path);
  }
  const deleted = [...base.keys()].filter((path) => !current.has(path));
  return { take, deleted };
}
