import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';
import type { WatchSelect } from '../../../shared/drift-watch';
import { compressionOf } from '../load/byte-source';
import { supportedExtensions } from '../load/load-table';
import { DatasetError } from '../load/table';
import { compileSegments, type SegmentMatcher } from './glob-segment';

export interface FoundFile {
  path: string;
  mtimeMs: number;
  size: number;
}

/** What a watch's current path names, split where the glob starts. */
export interface CurrentSpec {
  /** The folder to watch for changes (for a single file: its folder). */
  folder: string;
  kind: 'file' | 'folder' | 'glob';
}

const globChars = /[*?[]/;

/** The most folder entries one look at a watch's current data goes through. */
export const maxEntriesVisited = 100_000;

/** The most files, and bytes, a check of the files of the last days reads. */
export const maxRecentFiles = 1_000;
export const maxRecentBytes = 2 * 1024 ** 3;

export interface WalkLimits {
  maxEntries: number;
}

export function isGlob(path: string): boolean {
  return globChars.test(path);
}

/** The folder part of a glob: its segments before the first one holding `*`, `?` or `[`. */
export function globBase(pattern: string): { base: string; rest: string[] } {
  const segments = pattern.split('/');
  const first = segments.findIndex((s) => globChars.test(s));
  if (first < 0) return { base: pattern, rest: [] };
  return { base: segments.slice(0, first).join('/') || '/', rest: segments.slice(first) };
}

/**
 * The candidate files behind a watch's current path: the file itself, the dataset files directly
 * in a folder, or the files a glob matches (`*` and `?` within one path segment, `[a-c]` and `[!a-c]` classes).
 * Hidden files (a writer's temporary `.part` files) are never candidates.
 */
export async function candidateFiles(current: string, limits: WalkLimits = { maxEntries: maxEntriesVisited }): Promise<FoundFile[]> {
  const budget = new EntryBudget(current, limits.maxEntries);
  if (!isAbsolute(current)) throw new DatasetError(`${current}: give the full path`);
  if (isGlob(current)) {
    const { base, rest } = globBase(current);
    if (rest.includes('..')) throw new DatasetError(`${current}: a glob may not climb out of its folder with ..`);
    const patterns = compileSegments(current, rest);
    const found: FoundFile[] = [];
    await walk(base, patterns, found, budget);
    return distinct(found);
  }
  const info = await stat(current).catch(() => null);
  if (!info) throw new DatasetError(`${current}: no such file or folder`);
  if (info.isFile()) {
    const file = await regularFile(current);
    return file ? [file] : [];
  }
  if (!info.isDirectory()) throw new DatasetError(`${current}: neither a file nor a folder`);
  const found: FoundFile[] = [];
  for await (const { name } of entries(current, budget)) {
    if (name.startsWith('.') || !isDatasetName(name)) continue;
    const file = await regularFile(join(current, name));
    if (file) found.push(file);
  }
  return distinct(found);
}

export async function describeCurrent(current: string): Promise<CurrentSpec> {
  if (isGlob(current)) return { folder: globBase(current).base, kind: 'glob' };
  const info = await stat(current).catch(() => null);
  if (info?.isDirectory()) return { folder: current, kind: 'folder' };
  return { folder: dirname(current), kind: 'file' };
}

/** The files a check reads: the one file, the newest, or those modified in the last days (oldest first). */
export function selectFiles(current: string, files: readonly FoundFile[], select: WatchSelect, now: number): FoundFile[] {
  if (files.length === 0) throw new DatasetError(`${current}: no dataset file there`);
  const byAge = [...files].sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
  if (select.mode === 'newest' || files.length === 1) {
    if (select.mode === 'recent' && byAge[0]!.mtimeMs < now - select.days * 86_400_000) throw new DatasetError(noneRecent(current, select.days));
    return [byAge.at(-1)!];
  }
  const recent = byAge.filter((f) => f.mtimeMs >= now - select.days * 86_400_000);
  if (recent.length === 0) throw new DatasetError(noneRecent(current, select.days));
  const lastDays = `in the last ${select.days} day${select.days === 1 ? '' : 's'}`;
  if (recent.length > maxRecentFiles) {
    throw new DatasetError(`${current}: ${recent.length} files were modified ${lastDays}; a check reads at most ${maxRecentFiles}: watch fewer days or a narrower glob`);
  }
  const bytes = recent.reduce((sum, f) => sum + f.size, 0);
  if (bytes > maxRecentBytes) {
    throw new DatasetError(`${current}: the files modified ${lastDays} hold ${formatGiB(bytes)}; a check reads at most ${formatGiB(maxRecentBytes)}: watch fewer days or a narrower glob`);
  }
  return recent;
}

/**
 * Only files whose real path lies inside one of `folders` (themselves resolved): a link planted in a
 * feed folder reads nothing outside it. The files kept carry that real path, the one to read.
 */
export async function insideFolders(files: readonly FoundFile[], folders: readonly string[]): Promise<FoundFile[]> {
  const prefixes: string[] = [];
  for (const folder of folders) {
    const root = await realpath(folder).catch(() => null);
    if (root !== null) prefixes.push(root.endsWith(sep) ? root : root + sep);
  }
  const kept: FoundFile[] = [];
  for (const file of files) {
    const real = await realpath(file.path).catch(() => null);
    if (real !== null && prefixes.some((prefix) => real.startsWith(prefix))) kept.push({ ...file, path: real });
  }
  return kept;
}

/** A fingerprint of the candidate files: it changes when one is added, removed, rewritten or touched. */
export function signature(files: readonly FoundFile[]): string {
  return files
    .map((f) => `${f.path}\0${f.mtimeMs}\0${f.size}`)
    .sort()
    .join('\n');
}

function formatGiB(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

function noneRecent(current: string, days: number): string {
  return `${current}: no dataset file modified in the last ${days} day${days === 1 ? '' : 's'}`;
}

function isDatasetName(name: string): boolean {
  const { inner } = compressionOf(name);
  const dot = inner.lastIndexOf('.');
  return dot > 0 && (supportedExtensions as readonly string[]).includes(inner.slice(dot).toLowerCase());
}

/**
 * A regular file by its real path: that path (no links left in it) is what gets checked and read,
 * so a link swapped in after the check cannot send the read elsewhere.
 */
async function regularFile(path: string): Promise<FoundFile | null> {
  const real = await realpath(path).catch(() => null);
  if (real === null) return null;
  const info = await lstat(real).catch(() => null);
  return info?.isFile() ? { path: real, mtimeMs: info.mtimeMs, size: info.size } : null;
}

/** One entry per real file: `latest.csv -> day-3.csv` next to `day-3.csv` is read once. */
function distinct(files: readonly FoundFile[]): FoundFile[] {
  return [...new Map(files.map((f) => [f.path, f])).values()];
}

/**
 * Walks one folder level per glob segment. A link to a folder is never followed (a link to `.`
 * would loop, one to `/` would list the whole disk), so the walk stays inside the base folder and
 * goes no deeper than the glob has segments.
 */
async function walk(folder: string, patterns: SegmentMatcher[], found: FoundFile[], budget: EntryBudget): Promise<void> {
  const [pattern, ...deeper] = patterns;
  if (!pattern) return;
  for await (const entry of entries(folder, budget)) {
    if (entry.name.startsWith('.') || !pattern.test(entry.name)) continue;
    const path = join(folder, entry.name);
    if (deeper.length > 0) {
      if (entry.isDirectory()) await walk(path, deeper, found, budget);
    } else {
      const file = await regularFile(path);
      if (file) found.push(file);
    }
  }
}

/** A folder's entries, read as they come (a huge folder is never listed whole); a folder that cannot be read has none. */
async function* entries(folder: string, budget: EntryBudget): AsyncGenerator<Dirent> {
  const dir = await opendir(folder).catch(() => null);
  if (!dir) return;
  for await (const entry of dir) {
    budget.spend();
    yield entry;
  }
}

class EntryBudget {
  private left: number;

  constructor(
    private readonly current: string,
    private readonly max: number,
  ) {
    this.left = max;
  }

  spend(): void {
    if (--this.left < 0) throw new DatasetError(`${this.current}: more than ${this.max} folder entries to look through; watch a narrower folder or glob`);
  }
}
