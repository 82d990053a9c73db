import { watch as watchFolder, type FSWatcher } from 'node:fs';
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { levelRank, type DriftReport } from '../../../shared/drift';
import type { DriftWatch, DriftWatchRequest, WatchesOutlook } from '../../../shared/drift-watch';
import { AppError } from '../../../shared/result';
import type { WatchRun } from '../../store/drift-runs';
import type { DriftWatchRepository, StoredWatch } from '../../store/drift-watches';
import type { DatasetFile } from '../load-in-worker';
import { DatasetError } from '../load/table';
import { candidateFiles, describeCurrent, globBase, insideFolders, isGlob, selectFiles, signature, type FoundFile } from './current-files';
import { refusingBadDatasets } from '../dataset-refusal';


export interface DriftWatchesDeps {
  watches: DriftWatchRepository;
  /** A watch's recent runs, oldest first. */
  history: (watchId: number, limit: number) => WatchRun[];
  /** Runs one check and stores it in the drift history (the drift engine's runFiles). */
  check: (request: { reference: DatasetFile; current: DatasetFile; options: DriftWatch['options']; watch: { id: number; name: string } }) => Promise<DriftReport>;
  /** The file behind an upload id (a reference the browser uploaded). */
  resolveUpload: (id: string) => Promise<{ path: string; name: string }>;
  /** The folders a watch added over the network may read (drift.dataFolders, home expanded). */
  networkFolders: () => readonly string[];
  /** Where watches keep their copies of the references. */
  referencesDir: string;
  onChange: (watch: DriftWatch) => void;
  now?: () => number;
  /** How often due checks and changed files are looked for (the fallback where file events do not arrive). */
  pollMs?: number;
  /** How long the current data must stay unchanged before a change runs a check. */
  debounceMs?: number;
}

const historyPoints = 30;

/** The most watches one Vigil keeps. */
export const maxWatches = 100;

/**
 * Drift checks that run on their own: each watch compares its reference with the current data on
 * its interval and when the current data changes (file events on its folder, and a cheap
 * mtime/size poll where events do not arrive). One check at a time, whatever the watch; a check
 * that fails records its error on the watch and nothing else.
 */
export class DriftWatches {
  private readonly running = new Map<number, Promise<DriftWatch>>();
  private readonly removing = new Set<number>();
  /** Watches whose current data is being looked at for a change (one look per watch at a time). */
  private readonly looking = new Set<number>();
  private readonly folderWatchers = new Map<number, FSWatcher>();
  private readonly debounces = new Map<number, NodeJS.Timeout>();
  /** The current data's fingerprint as the last check (or the start) saw it, and a change waiting to settle. */
  private readonly seen = new Map<number, { signature: string | null; pending: string | null }>();
  private poll: NodeJS.Timeout | null = null;
  private started = false;
  private ticking: Promise<void> | null = null;
  /** Checks run one after another, so watches overdue after a downtime never load all their tables at once. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set by stop(): checks still waiting in the queue are dropped, so quitting never waits for all of them. */
  private stopping = false;
  private readonly now: () => number;

  constructor(private readonly deps: DriftWatchesDeps) {
    this.now = deps.now ?? Date.now;
  }

  list(): DriftWatch[] {
    return this.deps.watches.list().map((w) => this.view(w));
  }

  get(idOrName: number | string): DriftWatch {
    return this.view(this.stored(idOrName));
  }

  /** Adds a watch after checking its reference and current path; the reference is copied so the watch keeps it. */
  async add(input: DriftWatchRequest): Promise<DriftWatch> {
    if (this.deps.watches.named(input.name)) throw new AppError('conflict', `a drift watch named "${input.name}" exists already: pick another name or remove it first`);
    if (input.intervalMinutes === null && !input.onChange) throw new AppError('invalid_request', 'a watch needs an interval, a check on change, or both');
    if (this.deps.watches.list().length >= maxWatches) throw new AppError('invalid_request', `Vigil keeps at most ${maxWatches} drift watches: remove one you no longer need first`);
    const reference = 'path' in input.reference ? { path: input.reference.path, name: input.reference.path } : await refusingBadDatasets(() => this.deps.resolveUpload((input.reference as { upload: string }).upload));
    const info = await stat(reference.path).catch(() => null);
    if (!info?.isFile()) throw new AppError('invalid_request', `reference ${reference.name}: no such file`);
    await refusingBadDatasets(() => candidateFiles(input.current));
    if (isGlob(input.current) && !(await stat(globBase(input.current).base).catch(() => null))?.isDirectory()) {
      throw new AppError('invalid_request', `${input.current}: the folder ${globBase(input.current).base} does not exist`);
    }

    await mkdir(this.deps.referencesDir, { recursive: true, mode: 0o700 });
    const copy = join(this.deps.referencesDir, `${randomBytes(9).toString('base64url')}--${basename(reference.name)}`);
    await copyFile(reference.path, copy);
    let stored: StoredWatch;
    try {
      stored = this.deps.watches.add(
        input.name,
        {
          reference: { path: copy, name: reference.name },
          current: input.current,
          select: input.select,
          intervalMinutes: input.intervalMinutes,
          onChange: input.onChange,
          options: input.options,
          confined: input.confined,
        },
        this.now(),
      );
    } catch (error) {
      await rm(copy, { force: true });
      // Another add of the same name got in while this one copied its reference.
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('conflict', `a drift watch named "${input.name}" exists already: pick another name or remove it first`);
      throw error;
    }
    if (this.started) {
      this.follow(stored);
      void this.runNow(stored.id).catch(() => {}); // a first result right away; its error is on the watch
    }
    return this.view(stored);
  }

  /** Stops and forgets a watch; the checks it ran stay in the drift history. */
  async remove(idOrName: number | string): Promise<DriftWatch> {
    const stored = this.stored(idOrName);
    this.unfollow(stored.id);
    this.removing.add(stored.id);
    try {
      // A check in flight finishes first: its result (and any alert) must not outlive the watch.
      await this.running.get(stored.id)?.catch(() => {});
      const before = this.view(this.deps.watches.get(stored.id) ?? stored);
      this.deps.watches.remove(stored.id);
      await rm(stored.reference.path, { force: true });
      return { ...before, running: false };
    } finally {
      this.removing.delete(stored.id);
    }
  }

  /** Checks now, or joins the check already running for this watch. */
  async runNow(idOrName: number | string): Promise<DriftWatch> {
    const stored = this.stored(idOrName);
    if (this.removing.has(stored.id)) throw new AppError('not_found', `drift watch "${stored.name}" is being removed`);
    const inFlight = this.running.get(stored.id);
    if (inFlight) return inFlight;
    const check: Promise<DriftWatch> = this.queue
      .then(() => (this.stopping ? { ...this.view(stored), running: false } : this.check(stored)))
      .finally(() => {
        if (this.running.get(stored.id) === check) this.running.delete(stored.id);
      });
    this.queue = check.catch(() => {});
    this.running.set(stored.id, check);
    this.deps.onChange(this.view(stored));
    return check;
  }

  outlook(): WatchesOutlook {
    const watches = this.list();
    const next = watches.map((w) => w.nextRunAt).filter((at): at is number => at !== null);
    return {
      count: watches.length,
      drifting: watches.filter((w) => w.error === null && w.last !== null && levelRank[w.last.level] >= levelRank.MODERATE_DRIFT).map((w) => w.name),
      failing: watches.filter((w) => w.error !== null).map((w) => w.name),
      nextRunAt: next.length ? Math.min(...next) : null,
    };
  }

  /** Starts the schedule and the file watching; overdue checks run now. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    for (const stored of this.deps.watches.list()) this.follow(stored);
    this.poll = setInterval(() => this.tick(), this.deps.pollMs ?? 30_000);
    this.poll.unref();
    this.tick();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    for (const id of [...this.folderWatchers.keys(), ...this.debounces.keys()]) this.unfollow(id);
    await this.ticking;
    await Promise.allSettled([...this.running.values()]);
  }

  /** One pass over the watches; never two at once, and nothing it meets (a database closing under it) escapes. */
  private tick(): void {
    if (this.ticking) return;
    this.ticking = this.pass()
      .catch(() => {})
      .finally(() => {
        this.ticking = null;
      });
  }

  private async pass(): Promise<void> {
    // Watches added or removed by another process on the same database (the CLI) are taken up or let go here.
    const watches = this.deps.watches.list();
    const ids = new Set(watches.map((w) => w.id));
    for (const id of this.folderWatchers.keys()) if (!ids.has(id)) this.unfollow(id);
    for (const stored of watches) {
      if (!this.started) return;
      this.follow(stored);
      if (this.running.has(stored.id)) continue;
      const next = nextRunAt(stored);
      if (next !== null && next <= this.now()) void this.runNow(stored.id).catch(() => {});
      // Each watch looks on its own: one slow folder never holds up the others' checks.
      else if (stored.onChange) void this.lookForChange(stored.id).catch(() => {});
    }
  }

  private follow(stored: StoredWatch): void {
    if (!stored.onChange || this.folderWatchers.has(stored.id)) return;
    void (async () => {
      const files = await this.currentFiles(stored).catch(() => null);
      if (!this.seen.has(stored.id)) this.seen.set(stored.id, { signature: files ? baseline(stored, files) : '', pending: null });
      const { folder } = await describeCurrent(stored.current);
      if (!this.started || this.folderWatchers.has(stored.id) || !this.deps.watches.get(stored.id)) return;
      try {
        const watcher = watchFolder(folder, { persistent: false }, () => this.settleThenLook(stored.id));
        watcher.on('error', () => this.closeWatcher(stored.id)); // the poll still sees changes
        this.folderWatchers.set(stored.id, watcher);
      } catch {
        // A folder that is missing now is found by the poll once it exists.
      }
    })().catch(() => {});
  }

  private unfollow(id: number): void {
    this.closeWatcher(id);
    clearTimeout(this.debounces.get(id));
    this.debounces.delete(id);
    this.seen.delete(id);
  }

  private closeWatcher(id: number): void {
    this.folderWatchers.get(id)?.close();
    this.folderWatchers.delete(id);
  }

  private settleThenLook(id: number): void {
    clearTimeout(this.debounces.get(id));
    const timer = setTimeout(() => {
      this.debounces.delete(id);
      void this.lookForChange(id).catch(() => {});
    }, this.deps.debounceMs ?? 2_000);
    timer.unref();
    this.debounces.set(id, timer);
  }

  /** A change runs a check once the current data has kept the same fingerprint for the debounce time. */
  private async lookForChange(id: number): Promise<void> {
    const stored = this.deps.watches.get(id);
    if (!stored || !this.started || this.running.has(id) || this.looking.has(id)) return;
    this.looking.add(id);
    const files = await this.currentFiles(stored)
      .catch(() => null)
      .finally(() => this.looking.delete(id));
    const now = files && signature(files);
    // Whichever of follow() and this looks first sets the baseline, the same way.
    const seen = this.seen.get(id) ?? { signature: files && baseline(stored, files), pending: null };
    this.seen.set(id, seen);
    if (now === seen.signature) {
      seen.pending = null;
      return;
    }
    if (seen.pending === now) {
      seen.pending = null;
      void this.runNow(id).catch(() => {});
      return;
    }
    seen.pending = now;
    this.settleThenLook(id);
  }

  private async check(stored: StoredWatch): Promise<DriftWatch> {
    const at = this.now();
    let error: string | null = null;
    const found = await this.currentFiles(stored).catch((failure: unknown) => failure as Error);
    // What this check saw is what a later change is measured against, a failed look included.
    this.seen.set(stored.id, { signature: found instanceof Error ? null : signature(found), pending: null });
    try {
      if (found instanceof Error) throw found;
      const files = selectFiles(stored.current, found, stored.select, at);
      const noFollow = stored.confined;
      const current: DatasetFile =
        files.length === 1
          ? { path: files[0]!.path, name: files[0]!.path, noFollow }
          : { path: stored.current, name: `${files.length} files of ${stored.current}`, parts: files.map((f) => f.path), noFollow };
      await this.deps.check({ reference: { path: stored.reference.path, name: stored.reference.name }, current, options: stored.options, watch: { id: stored.id, name: stored.name } });
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    this.deps.watches.recordCheck(stored.id, at, error);
    this.running.delete(stored.id);
    const after = this.deps.watches.get(stored.id);
    const view = after ? this.view(after) : { ...this.view(stored), running: false };
    this.deps.onChange(view);
    return view;
  }

  /** A confined watch reads only inside its own folder, and only while that is still inside the folders the network may read. */
  private async currentFiles(stored: StoredWatch): Promise<FoundFile[]> {
    const files = await candidateFiles(stored.current);
    if (!stored.confined) return files;
    const own = await insideFolders(files, [(await describeCurrent(stored.current)).folder]);
    const allowed = await insideFolders(own, this.deps.networkFolders());
    if (allowed.length === 0 && own.length > 0) throw new DatasetError(`${stored.current} is no longer inside drift.dataFolders; this watch was added from the browser and reads only there`);
    return allowed;
  }

  private stored(idOrName: number | string): StoredWatch {
    const stored = typeof idOrName === 'number' ? this.deps.watches.get(idOrName) : this.deps.watches.named(idOrName);
    if (!stored) throw new AppError('not_found', `no drift watch ${typeof idOrName === 'number' ? `#${idOrName}` : `"${idOrName}"`}`);
    return stored;
  }

  private view(stored: StoredWatch): DriftWatch {
    const history = this.deps.history(stored.id, historyPoints);
    const lastRun = history.at(-1);
    const { id, name, reference, current, select, intervalMinutes, onChange, options, confined, createdAt, lastCheckAt, error } = stored;
    return {
      id,
      name,
      reference,
      current,
      select,
      intervalMinutes,
      onChange,
      options,
      confined,
      createdAt,
      lastCheckAt,
      error,
      last: lastRun ? { runId: lastRun.runId, at: lastRun.at, level: lastRun.level, drifted: lastRun.drifted, driftedShare: lastRun.driftedShare, current: lastRun.current } : null,
      nextRunAt: nextRunAt(stored),
      running: this.running.has(id),
      history: history.map(({ runId, at, driftedShare, level }) => ({ runId, at, driftedShare, level })),
    };
  }

}

function nextRunAt(stored: StoredWatch): number | null {
  // A watch never checked (one the CLI added while a host runs) is due at once, interval or not.
  if (stored.lastCheckAt === null) return stored.createdAt;
  return stored.intervalMinutes === null ? null : stored.lastCheckAt + stored.intervalMinutes * 60_000;
}

/** What a first look at a watch's files compares later looks with: data changed since the last check (while Vigil was not running) counts as a change. */
function baseline(stored: StoredWatch, files: Parameters<typeof signature>[0]): string {
  const changedSince = stored.lastCheckAt !== null && files.some((f) => f.mtimeMs > stored.lastCheckAt!);
  return changedSince ? '' : signature(files);
}
