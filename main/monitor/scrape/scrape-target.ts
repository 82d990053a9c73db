import type { Config } from '../../../shared/config';
import type { ModelMetrics } from '../model-metrics';
import { histogramQuantile } from './histogram-quantile';
import { parsePrometheusText, type PromSample } from './parse-prometheus-text';

type Target = Config['monitor']['scrape'][number];

/**
 * Scrapes one model server's /metrics: counter increases become predictions and errors, the
 * latency histogram's increase becomes p50/p95/p99. The first scrape only sets the baseline.
 */
export class ScrapeTarget {
  private last: { predictions: number; errors: number; buckets: Map<number, number> } | null = null;
  lastError: string | null = null;
  lastOkAt: number | null = null;

  constructor(
    readonly target: Target,
    private readonly models: ModelMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  async scrape(): Promise<void> {
    try {
      const response = await fetch(this.target.url, {
        signal: AbortSignal.timeout(this.target.timeoutMs),
        headers: this.target.bearerToken ? { authorization: `Bearer ${this.target.bearerToken}` } : {},
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.absorb(parsePrometheusText(await response.text()).samples);
      this.lastError = null;
      this.lastOkAt = this.now();
    } catch (error) {
      this.lastError = `${this.target.url}: ${(error as Error).message}`;
    }
  }

  private absorb(samples: PromSample[]): void {
    const sum = (name: string) => samples.filter((s) => s.name === name).reduce((total, s) => total + s.value, 0);
    const buckets = new Map<number, number>();
    for (const s of samples) {
      if (s.name !== `${this.target.latency}_bucket` || s.labels.le === undefined) continue;
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + s.value);
    }
    const current = { predictions: sum(this.target.predictions), errors: sum(this.target.errors), buckets };
    const previous = this.last;
    this.last = current;
    if (!previous) return;
    // A counter that went down was reset (the server restarted): its whole value is the increase.
    const increase = (now: number, before: number) => (now >= before ? now - before : now);
    const at = this.now();
    this.models.ingest([
      {
        model: this.target.model,
        predictions: Math.round(increase(current.predictions, previous.predictions)),
        errors: Math.round(increase(current.errors, previous.errors)),
        timestamp: at,
      },
    ]);
    const delta = [...buckets].map(([le, count]) => ({ le, count: increase(count, previous.buckets.get(le) ?? 0) }));
    const q = (p: number) => histogramQuantile(p, delta);
    const p50 = q(0.5);
    if (p50 !== null) this.models.recordQuantiles(this.target.model, at, { p50: p50 * 1000, p95: q(0.95)! * 1000, p99: q(0.99)! * 1000 });
  }
}
