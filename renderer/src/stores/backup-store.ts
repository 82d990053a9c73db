import { create } from 'zustand';
import type { ArchiveRecord, BackupKind, SourceStatus } from '../../../shared/backup';
import type { Config } from '../../../shared/config';

type BackupSource = Config['backup']['sources'][number];
import type { EventPayload, MethodOutput } from '../../../shared/contract';
import { formatBytes } from '../format';
import { api } from './api-ref';

type Archive = ArchiveRecord & { freedIfDeleted: number };

interface BackupStore {
  archives: Archive[];
  status: MethodOutput<'backup.status'> | null;
  progress: EventPayload<'backup.progress'> | null;
  message: string | null;
  error: string | null;
  browsing: { id: number; search: string; files: MethodOutput<'backup.files'>; ticked: string[] } | null;
  load(): Promise<void>;
  run(kind: BackupKind): Promise<void>;
  verify(): Promise<void>;
  browse(id: number, search?: string): Promise<void>;
  tick(path: string): void;
  restore(to: string | null): Promise<void>;
  follow(): () => void;
  sources: SourceStatus[];
  /** What "prune now" would delete, shown before anything is deleted. */
  prunePreview: MethodOutput<'backup.prune'> | null;
  previewPrune(): Promise<void>;
  prune(): Promise<void>;
  checkFolder(path: string): Promise<string | null>;
  saveSource(source: BackupSource, previousName?: string): Promise<boolean>;
  removeSource(name: string): Promise<void>;
}

export const useBackups = create<BackupStore>((set, get) => ({
  archives: [],
  status: null,
  progress: null,
  message: null,
  error: null,
  browsing: null,
  sources: [],
  prunePreview: null,
  async load() {
    try {
      const [archives, status, sources] = await Promise.all([api().call('backup.list'), api().call('backup.status'), api().call('backup.sources')]);
      set({ archives, status, sources, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async run(kind) {
    set({ message: null, error: null });
    try {
      const records = await api().call('backup.run', { kind });
      set({ message: records.length ? `${kind} backup done: ${records.map((r) => `${r.source} #${r.id}, ${r.files} files`).join('; ')}` : 'No source folder exists to back up.' });
    } catch (error) {
      set({ error: (error as Error).message });
    }
    await get().load();
  },
  async verify() {
    const results = await api().call('backup.verify');
    const bad = results.filter((r) => !r.ok);
    set(
      bad.length
        ? { error: bad.map((r) => `#${r.id} is corrupt: ${r.problem}${r.dependents.length ? ` (needed by ${r.dependents.map((d) => `#${d}`).join(', ')})` : ''}`).join('; '), message: null }
        : { message: `All ${results.length} archives verified.`, error: null },
    );
  },
  async browse(id, search = '') {
    const files = await api().call('backup.files', { id, search });
    set({ browsing: { id, search, files, ticked: get().browsing?.id === id ? get().browsing!.ticked : [] } });
  },
  tick(path) {
    const browsing = get().browsing;
    if (!browsing) return;
    const ticked = browsing.ticked.includes(path) ? browsing.ticked.filter((p) => p !== path) : [...browsing.ticked, path];
    set({ browsing: { ...browsing, ticked } });
  },
  async restore(to) {
    const browsing = get().browsing;
    if (!browsing) return;
    try {
      const result = await api().call('backup.restore', { id: browsing.id, to, paths: browsing.ticked });
      set({ message: `Restored ${result.files} file${result.files === 1 ? '' : 's'} into ${result.to}.`, error: null });
    } catch (error) {
      set({ error: (error as Error).message, message: null });
    }
  },
  async previewPrune() {
    try {
      set({ prunePreview: await api().call('backup.prune', { dryRun: true }), error: null, message: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  async prune() {
    try {
      const result = await api().call('backup.prune', { dryRun: false });
      set({ prunePreview: null, message: `Deleted ${result.remove.length} archive${result.remove.length === 1 ? '' : 's'}, freeing ${formatBytes(result.freedBytes)}.`, error: null });
    } catch (error) {
      set({ error: (error as Error).message, message: null });
    }
    await get().load();
  },
  async checkFolder(path) {
    try {
      return (await api().call('backup.checkFolder', { path })).problem;
    } catch (error) {
      return (error as Error).message;
    }
  },
  async saveSource(source, previousName) {
    try {
      const sources = await api().call('backup.saveSource', { source, previousName });
      set({ sources, message: `${previousName === undefined ? 'Added' : 'Saved'} the source ${source.name}.`, error: null });
      return true;
    } catch (error) {
      set({ error: (error as Error).message, message: null });
      return false;
    }
  },
  async removeSource(name) {
    try {
      const sources = await api().call('backup.removeSource', { name });
      set({ sources, message: `Stopped backing up ${name}; its archives stay.`, error: null });
    } catch (error) {
      set({ error: (error as Error).message, message: null });
    }
  },
  follow() {
    return api().on('backup.progress', (progress) => {
      set({ progress });
      if (progress.phase === 'done' || progress.phase === 'failed') void get().load();
    });
  },
}));
