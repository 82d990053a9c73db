import { create } from 'zustand';
import type { HistoryResponse } from '../../../shared/monitor';
import { api } from './api-ref';

interface MetricsStore {
  /** Chart title → its series for the loaded range. */
  data: Record<string, HistoryResponse['series']>;
  tier: HistoryResponse['tier'] | null;
  error: string | null;
  /** Loads every chart's stored series over the last `rangeMs`. */
  load(charts: { title: string; prefixes: string[] }[], rangeMs: number): Promise<void>;
}

export const useMetrics = create<MetricsStore>((set) => ({
  data: {},
  tier: null,
  error: null,
  async load(charts, rangeMs) {
    try {
      const names = await api().call('monitor.series');
      const to = Date.now();
      const data: MetricsStore['data'] = {};
      let tier: MetricsStore['tier'] = null;
      for (const chart of charts) {
        const series = names.filter((n) => chart.prefixes.some((p) => n.startsWith(p)));
        if (series.length === 0) continue;
        const history = await api().call('monitor.history', { series: series.slice(0, 64), from: to - rangeMs, to, points: 600 });
        data[chart.title] = history.series;
        tier = history.tier;
      }
      set({ data, tier, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
}));
