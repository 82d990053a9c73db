import { create } from 'zustand';
import type { Config } from '../../../shared/config';
import { api } from './api-ref';

type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'saved'; at: number } | { status: 'error'; message: string };

interface ConfigStore {
  config: Config | null;
  loadError: string | null;
  save: SaveState;
  load(): Promise<void>;
  /** Sends only the changed keys; the server merges, validates and writes the file. */
  update(patch: Record<string, unknown>): Promise<void>;
  follow(): () => void;
}

export const useConfig = create<ConfigStore>((set) => ({
  config: null,
  loadError: null,
  save: { status: 'idle' },
  async load() {
    try {
      set({ config: await api().call('config.get'), loadError: null });
    } catch (error) {
      set({ loadError: (error as Error).message });
    }
  },
  async update(patch) {
    set({ save: { status: 'saving' } });
    try {
      const config = await api().call('config.update', patch);
      set({ config, save: { status: 'saved', at: Date.now() } });
    } catch (error) {
      set({ save: { status: 'error', message: (error as Error).message } });
    }
  },
  follow() {
    return api().on('config.changed', (config) => set({ config }));
  },
}));
