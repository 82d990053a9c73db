import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupKind } from '../../shared/backup';
import { syncFolder } from '../config';
import type { BackupCatalog, CatalogRecord } from '../store/backup-catalog';
import { writeArchive } from './archive-io';
import { acquireBackupLock } from './backup-lock';
import { readManifest, writeManifest, type Manifest, type ManifestEntry } from './manifest';
import { changesSince, walkSource } from './source-tree';

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
 * Called at start: fails runs a crash left "running", and removes `*.partial` leftovers and any
 * archive or manifest no complete run owns (a crash between the rename and the catalog), so
 * nothing on disk looks complete unless the catalog says it is.
 */
export function recoverInterrupted(destination: string, catalog: BackupCatalog, now: number): void {
  catalog.failInterrupted(now);
  const owned = new Set(catalog.list().filter((a) => a.status === 'complete').flatMap((a) => [a.path, a.manifestPath]));
  let sources: string[] = [];
  try {
    sources = readdirSync(destination);
  } catch {
    return;
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
      const ours = /^\d{6}-(full|incremental|differential)-.*\.(tar\.gz|manifest\.json)$/.test(name);
      if (name.endsWith('.partial') || name.includes('.manifest.json.') || (ours && !owned.has(path))) rmSync(path, { force: true });
    }
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
}): Promise<CatalogRecord & { skipped: Manifest['skipped'] }> {
  const { source, kind, catalog, now } = options;
  const folder = join(options.destination, source.name);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const release = acquireBackupLock(options.destination);
  let id: number | null = null;
  const partials: string[] = [];
  try {
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
    const manifest: Manifest = { version: 1, archiveId: id, source: source.name, kind, parentId: parent?.id ?? null, createdAt: now(), tree: entries, taken: take, deleted, skipped: tree.skipped };
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

