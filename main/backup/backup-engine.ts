import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../../shared/config';
import type { ArchiveRecord, BackupKind, SourceStatus } from '../../shared/backup';
import { AppError } from '../../shared/result';
import { expandHome } from '../config';
import type { BackupCatalog, CatalogRecord } from '../store/backup-catalog';
import { acquireBackupLock, BackupBusy } from './backup-lock';
import { readManifest } from './manifest';
import { healInterruptedRestore, RestoreError, RestoreRequestError, restoreArchive } from './restore';
import { freedIfDeleted, planPrune } from './retention';
import { BackupError, recoverIfIdle, runBackup, type BackupProgress } from './run-backup';
import { verifyArchives, type VerifyResult } from './verify';
import { sourceStatuses } from './source-status';
import { freeBytes } from './space-needed';

export interface BackupEngineOptions {
  catalog: BackupCatalog;
  config: () => Config['backup'];
  dataDir: string;
  now?: () => number;
  /** A run failed (or recovered): the alert engine hears of it through app.ts. */
  onOutcome: (outcome: { source: string; kind: BackupKind; error: string | null }) => void;
  onProgress: (progress: BackupProgressEvent) => void;
}

const hour = 3_600_000;

export type BackupProgressEvent = { source: string; kind: BackupKind; phase: 'scanning' | 'archiving' | 'done' | 'failed'; detail: string } & Partial<Omit<BackupProgress, 'phase'>>;

/** Backups as the rest of Vigil sees them: run, schedule, list, verify, restore, prune. */
export class BackupEngine {
  private readonly now: () => number;
  private running: Promise<unknown> | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: BackupEngineOptions) {
    this.now = options.now ?? Date.now;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  get destination(): string {
    return expandHome(this.options.config().destination ?? join(this.options.dataDir, 'backups'));
  }

  /** Cleans what a crash left, then checks the schedule every minute (a missed run happens now). */
  start(): void {
    this.recover();
    void this.runDue();
    this.timer = setInterval(() => void this.runDue(), 60_000);
    this.timer.unref();
  }

  /**
   * Heals what a crashed run left (runs marked failed, partial and unfinished files removed) when
   * no backup holds the destination; a live run's files are never touched. Every run does this
   * too, once it holds the lock. Null when a backup is running. Also heals a restore over a
   * source folder whose process died (see healInterruptedRestore).
   */
  recover(): { failed: number; removed: string[] } | null {
    if (this.running) return null;
    for (const source of this.options.config().sources) healInterruptedRestore(expandHome(source.path));
    return recoverIfIdle(this.destination, this.options.catalog, this.now());
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  /**
   * Runs one kind for every configured source (or one), one after the other; never two at once.
   * Scheduled runs skip sources whose folder does not exist (the defaults on a new machine), so
   * only a backup that was attempted and failed becomes an alert. A run someone asked for fails
   * (after trying every source; what succeeded stays) when any source failed, naming each.
   */
  async run(kind: BackupKind, sourceName?: string, scheduled = false): Promise<ArchiveRecord[]> {
    if (this.running) throw new AppError('conflict', 'a backup is already running');
    const sources = this.options.config().sources.filter((s) => !sourceName || s.name === sourceName);
    if (sourceName && sources.length === 0) throw new AppError('not_found', `no backup source named ${sourceName}`);
    const work = (async () => {
      const records: ArchiveRecord[] = [];
      const failures: { source: string; error: unknown }[] = [];
      for (const source of sources) {
        const path = expandHome(source.path);
        if (scheduled && !existsSync(path)) continue;
        this.options.onProgress({ source: source.name, kind, phase: 'scanning', detail: path });
        try {
          if (!existsSync(path) || !statSync(path).isDirectory()) throw new BackupError(`the folder ${path} does not exist`);
          const record = await runBackup({
            source: { name: source.name, path, exclude: source.exclude },
            kind,
            destination: this.destination,
            gzipLevel: this.options.config().gzipLevel,
            catalog: this.options.catalog,
            now: this.now,
            onProgress: (p) => this.options.onProgress({ source: source.name, kind, detail: path, ...p }),
          });
          records.push(publicRecord(record));
          const skipped = record.skipped.length ? `; left out ${record.skipped.length}: ${record.skipped.slice(0, 3).map((s) => `${s.path} (${s.reason})`).join(', ')}` : '';
          const retention = this.applyRetention();
          this.options.onProgress({ source: source.name, kind, phase: 'done', detail: `${record.files} files, ${record.bytes} bytes${skipped}${retention}` });
          this.options.onOutcome({ source: source.name, kind, error: null });
        } catch (error) {
          const message = (error as Error).message;
          this.options.onProgress({ source: source.name, kind, phase: 'failed', detail: message });
          this.options.onOutcome({ source: source.name, kind, error: message });
          if (error instanceof BackupBusy) throw new AppError('conflict', message);
          failures.push({ source: source.name, error });
        }
      }
      if (failures.length && !scheduled) {
        const code = failures.every((f) => f.error instanceof BackupError) ? 'invalid_request' : 'internal';
        throw new AppError(code, failures.map((f) => `${f.source}: ${(f.error as Error).message}`).join('; '));
      }
      return records;
    })();
    this.running = work;
    try {
      return await work;
    } finally {
      this.running = null;
    }
  }

  /** "Run a backup now": an incremental of each source, or a full where a source has none yet. */
  async runNow(): Promise<ArchiveRecord[]> {
    const records: ArchiveRecord[] = [];
    for (const source of this.options.config().sources) {
      if (!existsSync(expandHome(source.path))) continue;
      const kind = this.options.catalog.latestComplete(source.name, 'full') ? 'incremental' : 'full';
      records.push(...(await this.run(kind, source.name)));
    }
    return records;
  }

  list(): (ArchiveRecord & { freedIfDeleted: number })[] {
    const all = this.options.catalog.list();
    return all.map((a) => ({ ...publicRecord(a), freedIfDeleted: a.status === 'complete' ? freedIfDeleted(all, a) : 0 }));
  }

  /** The tree of an archive's moment, from its manifest, filtered by a name search. */
  async files(id: number, search = '', limit = 500): Promise<{ path: string; type: string; size: number }[]> {
    const record = this.options.catalog.get(id);
    if (!record?.manifestPath) throw new AppError('not_found', `no complete archive ${id}`);
    const manifest = await readManifest(record.manifestPath);
    const needle = search.toLowerCase();
    return Object.entries(manifest.tree)
      .filter(([path]) => path.toLowerCase().includes(needle))
      .slice(0, limit)
      .map(([path, entry]) => ({ path, type: entry.type, size: entry.size }));
  }

  verify(id?: number): Promise<VerifyResult[]> {
    return verifyArchives(this.options.catalog, id);
  }

  /**
   * Restores to `to`, or over the source's own folder when `to` is absent. A request that cannot
   * be carried out is `invalid_request`; an archive restore refuses (corrupt, unrestorable) is a
   * `conflict` between the catalog and what is on disk.
   */
  async restore(id: number, to: string | null, paths: string[], keepSetId = false): Promise<{ files: number; to: string }> {
    const record = this.options.catalog.get(id);
    if (!record) throw new AppError('not_found', `no archive ${id}`);
    const source = this.options.config().sources.find((s) => s.name === record.source);
    const target = to === null ? (source ? expandHome(source.path) : null) : expandHome(to);
    if (!target) throw new AppError('invalid_request', `source ${record.source} is no longer configured: restore to another folder`);
    if (to === null) await this.refuseRetargetedSource(record, target);
    try {
      const { files } = await restoreArchive({ id, to: target, paths, catalog: this.options.catalog, replace: to === null, keepSetId });
      return { files, to: target };
    } catch (error) {
      if (error instanceof RestoreRequestError) throw new AppError('invalid_request', error.message);
      if (error instanceof RestoreError) throw new AppError('conflict', error.message);
      throw error;
    }
  }

  /**
   * Restoring in place replaces the source's folder: when the source now points somewhere other
   * than where the archive was taken, that would wipe an unrelated folder, so it is refused.
   */
  private async refuseRetargetedSource(record: CatalogRecord, target: string): Promise<void> {
    if (!record.manifestPath) return; // not complete: restoreArchive refuses it
    const taken = (await readManifest(record.manifestPath).catch(() => null))?.sourcePath;
    if (taken !== undefined && resolve(taken) !== resolve(target)) {
      throw new AppError('conflict', `source ${record.source} now points to ${target}, but archive ${record.id} was taken from ${taken}: restore to another folder`);
    }
  }

  /**
   * Applies `retention` (see retention.ts: whole chains only); with `dryRun`, only says what
   * would go. Deleting holds the destination lock, so no run builds on an archive being deleted.
   */
  prune(dryRun: boolean): { remove: number[]; freedBytes: number } {
    const plan = planPrune(this.options.catalog.list(), this.options.config().retention);
    if (!dryRun && plan.remove.length) {
      let release: () => void;
      try {
        release = acquireBackupLock(this.destination);
      } catch (error) {
        if (error instanceof BackupBusy) throw new AppError('conflict', `${error.message}: prune after it`);
        throw error;
      }
      try {
        // Dependents first, so an interrupted prune never leaves an archive without its parent.
        for (const archive of [...plan.remove].sort((a, b) => b.id - a.id)) {
          if (archive.path) rmSync(archive.path, { force: true });
          if (archive.manifestPath) rmSync(archive.manifestPath, { force: true });
          this.options.catalog.remove(archive.id);
        }
      } finally {
        release();
      }
    }
    return { remove: plan.remove.map((a) => a.id), freedBytes: plan.freedBytes };
  }

  /** What retention deleted after the last successful run (null before any). */
  lastRetention: { at: number; remove: number[]; freedBytes: number } | null = null;

  /** Retention after a successful run; a busy destination (another process) waits for the next run. */
  private applyRetention(): string {
    try {
      const result = this.prune(false);
      this.lastRetention = { at: this.now(), ...result };
      return result.remove.length ? `; retention deleted ${result.remove.map((id) => `#${id}`).join(', ')}, freeing ${result.freedBytes} bytes` : '';
    } catch (error) {
      return `; retention not applied: ${(error as Error).message}`;
    }
  }

  /** Each configured source with its folder's state, its last archive and its next run. */
  sources(): Promise<SourceStatus[]> {
    const next = Object.values(this.nextRuns()).filter((at): at is number => at !== null);
    return sourceStatuses(this.options.config().sources, this.options.catalog, next.length ? Math.min(...next) : null);
  }

  /** Bytes the complete archives take, and bytes free on the destination (null when it cannot be read). */
  space(): { usedBytes: number; freeBytes: number | null } {
    const usedBytes = this.options.catalog.list().reduce((sum, a) => sum + (a.status === 'complete' ? (a.bytes ?? 0) : 0), 0);
    let free: number | null = null;
    for (let folder = this.destination; free === null; folder = dirname(folder)) {
      // The destination may not exist yet: the first folder above it that does tells the space.
      if (existsSync(folder)) free = freeBytes(folder);
      else if (dirname(folder) === folder) break;
    }
    return { usedBytes, freeBytes: free };
  }

  /** When each kind runs next, per the schedule (null when off). */
  nextRuns(): Record<BackupKind, number | null> {
    const schedule = this.options.config().schedule;
    const next = (kind: BackupKind, everyHours: number | null) => {
      if (everyHours === null) return null;
      const last = this.options.catalog.list().filter((a) => a.kind === kind && a.status !== 'running').at(-1);
      return last ? last.createdAt + everyHours * hour : this.now();
    };
    return {
      full: next('full', schedule.fullEveryHours),
      incremental: next('incremental', schedule.incrementalEveryHours),
      differential: next('differential', schedule.differentialEveryHours),
    };
  }

  /** Runs what the schedule says is due; a full comes first when a source has none. */
  private async runDue(): Promise<void> {
    if (this.running) return;
    const due = this.nextRuns();
    for (const kind of ['full', 'differential', 'incremental'] as const) {
      const at = due[kind];
      if (at === null || at > this.now()) continue;
      if (kind !== 'full' && !this.options.catalog.list().some((a) => a.kind === 'full' && a.status === 'complete')) continue;
      await this.run(kind, undefined, true).catch(() => {}); // outcomes already reported through onOutcome
      return;
    }
  }
}

function publicRecord(record: CatalogRecord): ArchiveRecord {
  const { manifestPath: _, ...rest } = record;
  return rest;
}
