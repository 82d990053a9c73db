import { create } from 'zustand';
import type { HistoryResponse } from '../../../shared/monitor';
import { api } from './api-ref';

interface MetricsStore {
  /** Chart title → its series for the loaded range. */
  data: Record<string, HistoryResponse['series']>;
  /** Chart title → [bucket start, share of its series' steps that were anomalous]. */
  anomalyRate: Record<string, [number, number][]>;
  tier: HistoryResponse['tier'] | null;
  error: string | null;
  /** Loads every chart's stored series over the last `rangeMs`. */
  load(charts: { title: string; prefixes: string[] }[], rangeMs: number): Promise<void>;
}

export const useMetrics = create<MetricsStore>((set) => ({
  data: {},
  anomalyRate: {},
  tier: null,
  error: null,
  async load(charts, rangeMs) {
    try {
      const names = await api().call('monitor.series');
      const to = Date.now();
      const data: MetricsStore['data'] = {};
      const anomalyRate: MetricsStore['anomalyRate'] = {};
      let tier: MetricsStore['tier'] = null;
      for (const chart of charts) {
        const series = names.filter((n) => chart.prefixes.some((p) => n.startsWith(p)));
        if (series.length === 0) continue;
        const history = await api().call('monitor.history', { series: series.slice(0, 64), from: to - rangeMs, to, points: 600 });
        data[chart.title] = history.series;
        tier = history.tier;
        const flags = series.map((s) => `anomaly.flag{${s}}`).filter((f) => names.includes(f));
        if (flags.length) anomalyRate[chart.title] = averageByBucket((await api().call('monitor.history', { series: flags.slice(0, 64), from: to - rangeMs, to, points: 600 })).series);
      }
      set({ data, anomalyRate, tier, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
}));

/** The anomaly flags' bucket averages (each 0..1), averaged across series: the chart's anomaly rate. */
function averageByBucket(series: HistoryResponse['series']): [number, number][] {
  const sums = new Map<number, { sum: number; count: number }>();
  for (const s of series) {
    for (const [at, avg] of s.points) {
      const bucket = sums.get(at) ?? { sum: 0, count: 0 };
      bucket.sum += avg;
      bucket.count++;
      sums.set(at, bucket);
    }
  }
  return [...sums].sort((a, b) => a[0] - b[0]).map(([at, b]) => [at, b.sum / b.count]);
}
