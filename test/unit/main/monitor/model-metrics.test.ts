import { describe, expect, it } from 'vitest';
import { ModelMetrics } from '../../../../main/monitor/model-metrics';

describe('ModelMetrics', () => {
  it('computes predictions per second, error rate and latency percentiles over a sliding minute', () => {
    let now = 1_000_000;
    const metrics = new ModelMetrics(() => now);
    metrics.ingest([{ model: 'ranker', predictions: 100, errors: 5, latency_ms: Array.from({ length: 101 }, (_, i) => i) }]);
    now += 10_000;
    metrics.ingest([{ model: 'ranker', predictions: 100, errors: 15, gauges: { loss: 0.25 } }]);
    const [ranker] = metrics.snapshot();
    expect(ranker).toMatchObject({ model: 'ranker', predictionsTotal: 200, errorsTotal: 20, gauges: { loss: 0.25 } });
    expect(ranker!.predictionsPerSecond).toBeCloseTo(200 / 10, 10);
    expect(ranker!.errorRate).toBeCloseTo(0.1, 10);
    expect(ranker!.latencyMs).toEqual({ p50: 50, p95: 95, p99: 99 });

    now += 55_000; // the first batch leaves the window
    const [later] = metrics.snapshot();
    expect(later!.errorRate).toBeCloseTo(0.15, 10);
    expect(later!.latencyMs).toBeNull();
    expect(later!.predictionsTotal).toBe(200);
  });

  it('counts latencies as predictions when no count is given, and accepts epoch seconds', () => {
    const now = 2_000_000_000_000;
    const metrics = new ModelMetrics(() => now);
    metrics.ingest([{ model: 'm', latency_ms: [10, 20, 30], timestamp: now / 1000 - 1 }]);
    expect(metrics.snapshot()[0]).toMatchObject({ predictionsTotal: 3, errorRate: 0, lastSeenAt: now - 1000 });
  });
});
