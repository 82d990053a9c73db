import { create } from 'zustand';
import type { DatasetSource } from '../../../shared/drift';
import type { DriftWatch, DriftWatchInput } from '../../../shared/drift-watch';
import { datasetSourceFor } from '../api/upload-dataset';
import { api } from './api-ref';
import { useDrift } from './drift-store';

interface DriftWatchesStore {
  watches: DriftWatch[];
  /** The reference picked for the next watch. */
  reference: { name: string; source: DatasetSource } | null;
  busy: boolean;
  error: string | null;
  load(): Promise<void>;
  /** Keeps the list current from the host's events; returns the stop function. */
  follow(): () => void;
  pickReference(file: File): Promise<void>;
  add(input: Omit<DriftWatchInput, 'reference'>): Promise<boolean>;
  runNow(id: number): Promise<void>;
  remove(id: number): Promise<void>;
}

export const useDriftWatches = create<DriftWatchesStore>((set, get) => {
  /** Runs an action, showing its error; answers whether it worked. */
  async function attempt(work: () => Promise<void>): Promise<boolean> {
    set({ busy: true, error: null });
    try {
      await work();
      return true;
    } catch (error) {
      set({ error: (error as Error).message });
      return false;
    } finally {
      set({ busy: false });
    }
  }
  // Answers and events may arrive in either order: a view of an older check never replaces a newer one.
  const replace = (watch: DriftWatch) => {
    const known = get().watches.find((w) => w.id === watch.id);
    if (known && (known.lastCheckAt ?? 0) > (watch.lastCheckAt ?? 0)) return;
    set({ watches: known ? get().watches.map((w) => (w.id === watch.id ? watch : w)) : [...get().watches, watch].sort((a, b) => a.name.localeCompare(b.name)) });
  };

  return {
    watches: [],
    reference: null,
    busy: false,
    error: null,
    async load() {
      try {
        set({ watches: await api().call('drift.watches.list') });
      } catch (error) {
        set({ error: (error as Error).message });
      }
    },
    follow() {
      void get().load();
      return api().on('drift.watch', (watch) => {
        const before = get().watches.find((w) => w.id === watch.id);
        replace(watch);
        // A new result is a new run in the Drift page's past runs.
        if (watch.last && watch.last.runId !== before?.last?.runId) void useDrift.getState().loadHistory();
      });
    },
    pickReference(file) {
      return attempt(async () => set({ reference: await datasetSourceFor(file) })).then(() => {});
    },
    add(input) {
      const reference = get().reference;
      if (!reference) {
        set({ error: 'drop or pick the reference dataset first' });
        return Promise.resolve(false);
      }
      return attempt(async () => {
        replace(await api().call('drift.watches.add', { ...input, reference: reference.source }));
        set({ reference: null });
      });
    },
    runNow(id) {
      return attempt(async () => replace(await api().call('drift.watches.run', { watch: id }))).then(() => {});
    },
    remove(id) {
      return attempt(async () => {
        await api().call('drift.watches.remove', { watch: id });
        set({ watches: get().watches.filter((w) => w.id !== id) });
      }).then(() => {});
    },
  };
});
