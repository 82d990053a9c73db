import { create } from 'zustand';
import type { ArchiveRecord, BackupKind } from '../../../shared/backup';
import type { EventPayload, MethodOutput } from '../../../shared/contract';
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
}

export const useBackups = create<BackupStore>((set, get) => ({
  archives: [],
  status: null,
  progress: null,
  message: null,
  error: null,
  browsing: null,
  async load() {
    try {
      const [archives, status] = await Promise.all([api().call('backup.list'), api().call('backup.status')]);
      set({ archives, status, error: null });
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
  follow() {
    return api().on('backup.progress', (progress) => {
      set({ progress });
      if (progress.phase === 'done' || progress.phase === 'failed') void get().load();
    });
  },
}));
