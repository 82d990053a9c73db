import { create } from 'zustand';
import type { MonitorSample } from '../../../shared/monitor';
import { api } from './api-ref';

const keepSamples = 120;

interface MonitorStore {
  latest: MonitorSample | null;
  /** The last two minutes or so, oldest first, for sparklines. */
  recent: MonitorSample[];
  /** Loads the latest sample and follows the live stream; returns the unsubscribe. */
  follow(): () => void;
}

export const useMonitor = create<MonitorStore>((set) => {
  const add = (sample: MonitorSample) =>
    set((state) => ({ latest: sample, recent: [...state.recent.slice(-(keepSamples - 1)), sample] }));
  return {
    latest: null,
    recent: [],
    follow() {
      void api()
        .call('monitor.latest')
        .then((sample) => sample && add(sample))
        .catch(() => {});
      return api().on('monitor.sample', add);
    },
  };
});
