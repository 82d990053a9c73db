import type { IngestRecord, ModelSnapshot } from '../../shared/monitor';
import { quantileOfSorted } from './quantile-of-sorted';

const windowMs = 60_000;
/** Latencies kept per model per minute; beyond that a uniform reservoir sample stands in. */
const maxLatencies = 50_000;

interface Bucket {
  at: number;
  predictions: number;
  errors: number;
}

interface ModelState {
  buckets: Bucket[];
  latencies: { at: number; ms: number }[];
  seenLatencies: number;
  /** Quantiles from a scraped histogram replace the raw latencies when present. */
  scraped: { at: number; p50: number; p95: number; p99: number } | null;
  predictionsTotal: number;
  errorsTotal: number;
  gauges: Map<string, number>;
  firstSeenAt: number;
  lastSeenAt: number;
}

/**
 * Per-model prediction counts, errors and latencies over a sliding minute, from ingested batches
 * and scraped endpoints.
 */
export class ModelMetrics {
  private readonly models = new Map<string, ModelState>();

  constructor(private readonly now: () => number = Date.now) {}

  ingest(records: readonly IngestRecord[]): void {
    for (const record of records) {
      const at = record.timestamp === undefined ? this.now() : record.timestamp < 1e11 ? record.timestamp * 1000 : record.timestamp;
      const state = this.state(record.model, at);
      const predictions = record.predictions ?? record.latency_ms?.length ?? 0;
      state.buckets.push({ at, predictions, errors: record.errors ?? 0 });
      state.predictionsTotal += predictions;
      state.errorsTotal += record.errors ?? 0;
      for (const ms of record.latency_ms ?? []) this.addLatency(state, at, ms);
      for (const [name, value] of Object.entries(record.gauges ?? {})) state.gauges.set(name, value);
    }
  }

  /** Latency quantiles (milliseconds) computed elsewhere, e.g. from a scraped histogram. */
  recordQuantiles(model: string, at: number, quantiles: { p50: number; p95: number; p99: number }): void {
    this.state(model, at).scraped = { at, ...quantiles };
  }

  /** Forgets a model: it leaves the snapshot and its series stop. */
  remove(model: string): void {
    this.models.delete(model);
  }

  snapshot(): ModelSnapshot[] {
    const now = this.now();
    return [...this.models].map(([model, state]) => {
      state.buckets = state.buckets.filter((b) => b.at > now - windowMs);
      state.latencies = state.latencies.filter((l) => l.at > now - windowMs);
      if (state.latencies.length === 0) state.seenLatencies = 0;
      const predictions = state.buckets.reduce((s, b) => s + b.predictions, 0);
      const errors = state.buckets.reduce((s, b) => s + b.errors, 0);
      const spanSeconds = Math.max(1, Math.min(windowMs, now - state.firstSeenAt)) / 1000;
      let latencyMs: ModelSnapshot['latencyMs'] = null;
      if (state.scraped && state.scraped.at > now - windowMs) {
        latencyMs = { p50: state.scraped.p50, p95: state.scraped.p95, p99: state.scraped.p99 };
      } else if (state.latencies.length > 0) {
        const sorted = Float64Array.from(state.latencies, (l) => l.ms).sort();
        latencyMs = { p50: quantileOfSorted(sorted, 0.5), p95: quantileOfSorted(sorted, 0.95), p99: quantileOfSorted(sorted, 0.99) };
      }
      return {
        model,
        predictionsPerSecond: predictions / spanSeconds,
        errorRate: predictions > 0 ? errors / predictions : null,
        latencyMs,
        predictionsTotal: state.predictionsTotal,
        errorsTotal: state.errorsTotal,
        gauges: Object.fromEntries(state.gauges),
        lastSeenAt: state.lastSeenAt,
      };
    });
  }

  private state(model: string, at: number): ModelState {
    let state = this.models.get(model);
    if (!state) {
      state = { buckets: [], latencies: [], seenLatencies: 0, scraped: null, predictionsTotal: 0, errorsTotal: 0, gauges: new Map(), firstSeenAt: at, lastSeenAt: at };
      this.models.set(model, state);
    }
    state.lastSeenAt = Math.max(state.lastSeenAt, at);
    return state;
  }

  private addLatency(state: ModelState, at: number, ms: number): void {
    state.seenLatencies++;
    if (state.latencies.length < maxLatencies) state.latencies.push({ at, ms });
    else {
      const slot = Math.floor(Math.random() * state.seenLatencies);
      if (slot < maxLatencies) state.latencies[slot] = { at, ms };
    }
  }
}
