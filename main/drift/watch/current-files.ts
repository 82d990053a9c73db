import { readdir, realpath, stat } from 'node:fs/promises';
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
export async function candidateFiles(current: string): Promise<FoundFile[]> {
  if (!isAbsolute(current)) throw new DatasetError(`${current}: give the full path`);
  if (isGlob(current)) {
    const { base, rest } = globBase(current);
    if (rest.includes('..')) throw new DatasetError(`${current}: a glob may not climb out of its folder with ..`);
    const patterns = compileSegments(current, rest);
    const found: FoundFile[] = [];
    await walk(base, patterns, found);
    return found;
  }
  const info = await stat(current).catch(() => null);
  if (!info) throw new DatasetError(`${current}: no such file or folder`);
  if (info.isFile()) return [{ path: current, mtimeMs: info.mtimeMs, size: info.size }];
  if (!info.isDirectory()) throw new DatasetError(`${current}: neither a file nor a folder`);
  const found: FoundFile[] = [];
  for (const name of await readdir(current)) {
    if (name.startsWith('.') || !isDatasetName(name)) continue;
    const file = await regularFile(join(current, name));
    if (file) found.push(file);
  }
  return found;
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
  return recent;
}

/** Only files whose real path lies inside one of `folders` (themselves resolved): a link planted in a feed folder reads nothing outside it. */
export async function insideFolders(files: readonly FoundFile[], folders: readonly string[]): Promise<FoundFile[]> {
  const prefixes: string[] = [];
  for (const folder of folders) {
    const root = await realpath(folder).catch(() => null);
    if (root !== null) prefixes.push(root.endsWith(sep) ? root : root + sep);
  }
  const kept: FoundFile[] = [];
  for (const file of files) {
    const real = await realpath(file.path).catch(() => null);
    if (real !== null && prefixes.some((prefix) => real.startsWith(prefix))) kept.push(file);
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

function noneRecent(current: string, days: number): string {
  return `${current}: no dataset file modified in the last ${days} day${days === 1 ? '' : 's'}`;
}

function isDatasetName(name: string): boolean {
  const { inner } = compressionOf(name);
  const dot = inner.lastIndexOf('.');
  return dot > 0 && (supportedExtensions as readonly string[]).includes(inner.slice(dot).toLowerCase());
}

async function regularFile(path: string): Promise<FoundFile | null> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? { path, mtimeMs: info.mtimeMs, size: info.size } : null;
}

async function walk(folder: string, patterns: SegmentMatcher[], found: FoundFile[]): Promise<void> {
  const [pattern, ...deeper] = patterns;
  if (!pattern) return;
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith('.') || !pattern.test(name)) continue;
    const path = join(folder, name);
    if (deeper.length > 0) {
      const info = await stat(path).catch(() => null);
      if (info?.isDirectory()) await walk(path, deeper, found);
    } else {
      const file = await regularFile(path);
      if (file) found.push(file);
    }
  }
}
