import { create } from 'zustand';
import type { Outlook } from '../../../shared/foresight';
import { api } from './api-ref';

interface ForesightStore {
  outlook: Outlook | null;
  error: string | null;
  load(): Promise<void>;
  /** Reloads every 10 s while a page shows it; returns the stop function. */
  follow(): () => void;
}

const refreshMs = 10_000;

export const useForesight = create<ForesightStore>((set, get) => ({
  outlook: null,
  error: null,
  async load() {
    try {
      set({ outlook: await api().call('foresight.outlook'), error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  follow() {
    void get().load();
    const timer = setInterval(() => void get().load(), refreshMs);
    return () => clearInterval(timer);
  },
}));
