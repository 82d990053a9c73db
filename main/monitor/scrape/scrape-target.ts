import type { Config } from '../../../shared/config';
import type { ModelMetrics } from '../model-metrics';
import { histogramQuantile } from './histogram-quantile';
import { parsePrometheusText, type PromSample } from './parse-prometheus-text';
import { readCappedText } from './read-capped-text';

/** Far above any model server's /metrics (node_exporter's is ~100 KiB), far below a problem. */
export const maxScrapeBytes = 16 * 1024 * 1024;

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
    const { url, authorization } = splitCredentials(this.target.url, this.target.bearerToken);
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(this.target.timeoutMs),
        headers: authorization ? { authorization } : {},
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.absorb(parsePrometheusText(await readCappedText(response, maxScrapeBytes)).samples);
      this.lastError = null;
      this.lastOkAt = this.now();
    } catch (error) {
      // The error becomes an alert summary: it names the URL without its credentials.
      this.lastError = `${url}: ${(error as Error).message}`;
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

/**
 * `http://user:pass@host/metrics` becomes the URL without credentials plus a Basic authorization
 * (fetch refuses credentials in a URL, and they must not reach messages); a bearer token wins.
 */
export function splitCredentials(raw: string, bearerToken: string | undefined): { url: string; authorization: string | null } {
  const url = new URL(raw);
  const basic = url.username || url.password ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` : null;
  url.username = '';
  url.password = '';
  return { url: url.href, authorization: bearerToken ? `Bearer ${bearerToken}` : basic };
}
