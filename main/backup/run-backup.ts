import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BackupKind } from '../../shared/backup';
import { syncFolder } from '../config';
import type { BackupCatalog, CatalogRecord } from '../store/backup-catalog';
import { writeArchive } from './archive-io';
import { acquireBackupLock, BackupBusy } from './backup-lock';
import { readManifest, writeManifest, type Manifest, type ManifestEntry } from './manifest';
import { changesSince, walkSource, type TreeEntry } from './source-tree';
import { estimateArchiveBytes, freeBytes } from './space-needed';

export interface BackupSourceConfig {
  name: string;
  /** Absolute path of the folder to back up. */
  path: string;
  exclude: string[];
}

export class BackupError extends Error {}

export interface BackupProgress {
  phase: 'scanning' | 'archiving';
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

/**
 * Heals what a crash left; the caller holds the destination's lock, so no live process is
 * writing there. Runs left "running" are failed; `*.partial` leftovers are removed, and so is
 * any archive or manifest of a run this catalog knows did not complete (a crash between the
 * rename and the catalog), so nothing on disk looks complete unless the catalog says it is.
 * Files no row of this catalog names are left alone: they are not ours to delete.
 */
export function recoverInterrupted(destination: string, catalog: BackupCatalog, now: number): { failed: number; removed: string[] } {
  const failed = catalog.failInterrupted(now);
  const removed: string[] = [];
  let sources: string[] = [];
  try {
    sources = readdirSync(destination);
  } catch {
    return { failed, removed };
  }
  for (const source of sources) {
    const folder = join(destination, source);
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(folder, name);
      const ours = /^(\d{6,})-(full|incremental|differential)-.*\.(tar\.gz|manifest\.json)$/.exec(name);
      const row = ours ? catalog.get(Number(ours[1])) : null;
      const unfinished = row !== null && row.source === source && row.kind === ours![2] && row.status !== 'complete';
      if (name.endsWith('.partial') || name.includes('.manifest.json.') || unfinished) {
        rmSync(path, { force: true });
        removed.push(path);
      }
    }
  }
  return { failed, removed };
}

/** Recovery when no backup holds the destination (else nothing: that run's files are live). */
export function recoverIfIdle(destination: string, catalog: BackupCatalog, now: number): { failed: number; removed: string[] } | null {
  let release: () => void;
  try {
    mkdirSync(destination, { recursive: true, mode: 0o700 });
    release = acquireBackupLock(destination);
  } catch (error) {
    if (error instanceof BackupBusy) return null;
    throw error;
  }
  try {
    return recoverInterrupted(destination, catalog, now);
  } finally {
    release();
  }
}

/**
 * One backup of one source. The archive and its manifest are each written to `*.partial`,
 * fsynced, renamed and the folder fsynced; only then does one transaction mark the run complete.
 * A crash at any point leaves nothing that looks complete.
 */
export async function runBackup(options: {
  source: BackupSourceConfig;
  kind: BackupKind;
  destination: string;
  gzipLevel: number;
  catalog: BackupCatalog;
  now: () => number;
  onProgress?: (progress: BackupProgress) => void;
  /** What recovery found once the lock was taken. */
  onRecovered?: (recovered: { failed: number; removed: string[] }) => void;
}): Promise<CatalogRecord & { skipped: Manifest['skipped'] }> {
  const { source, kind, catalog, now } = options;
  const folder = join(options.destination, source.name);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const release = acquireBackupLock(options.destination);
  let id: number | null = null;
  const partials: string[] = [];
  try {
    const recovered = recoverInterrupted(options.destination, catalog, now());
    options.onRecovered?.(recovered);
    const parent = kind === 'full' ? null : kind === 'differential' ? catalog.latestComplete(source.name, 'full') : catalog.latestComplete(source.name);
    if (kind !== 'full' && !parent) throw new BackupError(`no full backup of ${source.name} yet: run a full backup first`);
    const base = parent ? await readManifest(parent.manifestPath!) : null;
    id = catalog.begin(source.name, kind, parent?.id ?? null, now());

    const tree = await walkSource(source.path, source.exclude);
    const { take, deleted } = changesSince(tree.entries, base ? new Map(Object.entries(base.tree)) : null);
    const stem = `${String(id).padStart(6, '0')}-${kind}-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
    const archivePath = join(folder, `${stem}.tar.gz`);
    const manifestPath = join(folder, `${stem}.manifest.json`);

    partials.push(`${archivePath}.partial`);
    const totalBytes = take.reduce((sum, path) => sum + (tree.entries.get(path)!.type === 'file' ? tree.entries.get(path)!.size : 0), 0);
    const needed = await estimateArchiveBytes(catalog, source.name, totalBytes);
    const free = freeBytes(folder);
    if (needed > free) {
      throw new BackupError(`not enough space on ${options.destination}: this ${kind} backup needs about ${formatBytes(needed)} and ${formatBytes(free)} is free`);
    }
    const started = Date.now();
    let lastReport = 0;
    const report = (phase: BackupProgress['phase'], files: number, bytes: number) => {
      const elapsed = (Date.now() - started) / 1000;
      const rate = elapsed > 0 ? bytes / elapsed : 0;
      options.onProgress?.({ phase, files, totalFiles: take.length, bytes, totalBytes, bytesPerSecond: rate, etaSeconds: rate > 0 ? Math.max(0, (totalBytes - bytes) / rate) : null });
    };
    report('archiving', 0, 0);
    const written = await writeArchive(source.path, take, `${archivePath}.partial`, options.gzipLevel, ({ files, bytes }) => {
      if (Date.now() - lastReport < 250) return; // a few updates a second is plenty
      lastReport = Date.now();
      report('archiving', files, Math.min(bytes, totalBytes));
    });
    renameSync(`${archivePath}.partial`, archivePath);
    partials.push(archivePath); // until the catalog says complete, a failure removes it too
    syncFolder(folder);

    const entries: Record<string, ManifestEntry> = {};
    for (const [path, entry] of tree.entries) {
      const archived = written.entries.get(path);
      // A hard link is stored as a link to a file earlier in the same archive: it has that content.
      const stored = archived?.type === 'Link' ? written.entries.get(archived.linkpath!) : archived;
      entries[path] = { ...entry, sha256: stored ? stored.sha256 : (base?.tree[path]?.sha256 ?? null) };
    }
    const missing = take.filter((path) => !written.entries.has(path));
    if (missing.length) throw new BackupError(`these entries vanished while being archived: ${missing.slice(0, 5).join(', ')}`);
    // The manifest comes from the walk: an entry that changed kind or link target before it was
    // archived would make a 'complete' archive that restore refuses.
    const changed = take.filter((path) => archivedDiffers(tree.entries.get(path)!, written.entries.get(path)!));
    if (changed.length) throw new BackupError(`these entries changed type or link target while being archived: ${changed.slice(0, 5).join(', ')}`);
    const manifest: Manifest = { version: 1, archiveId: id, source: source.name, sourcePath: resolve(source.path), kind, parentId: parent?.id ?? null, createdAt: now(), tree: entries, taken: take, deleted, skipped: tree.skipped };
    partials.push(manifestPath);
    writeManifest(manifestPath, manifest);

    catalog.complete(id, {
      archivePath,
      manifestPath,
      sha256: written.sha256,
      bytes: written.bytes,
      files: take.filter((p) => entries[p]!.type === 'file').map((p) => ({ path: p, size: entries[p]!.size, sha256: entries[p]!.sha256 })),
      at: now(),
    });
    partials.length = 0;
    return { ...catalog.get(id)!, skipped: tree.skipped };
  } catch (error) {
    for (const path of partials) rmSync(path, { force: true });
    if (id !== null) catalog.fail(id, (error as Error).message, now());
    throw error;
  } finally {
    release();
  }
}

function archivedDiffers(walked: TreeEntry, archived: { type: string; linkpath: string | null }): boolean {
  if (walked.type === 'symlink') return archived.type !== 'SymbolicLink' || archived.linkpath !== walked.linkTarget;
  if (walked.type === 'directory') return archived.type !== 'Directory';
  return archived.type !== 'File' && archived.type !== 'OldFile' && archived.type !== 'Link';
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
