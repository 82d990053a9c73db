import { describe, expect, it } from 'vitest';
import { sketchRelativeError } from '../../../../main/monitor/latency-sketch';
import { IngestRefused, ModelMetrics, type ModelLimits } from '../../../../main/monitor/model-metrics';

const within = (value: number, truth: number) => Math.abs(value - truth) <= sketchRelativeError * truth;

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
    const { p50, p95, p99 } = ranker!.latencyMs!;
    expect([within(p50, 50), within(p95, 95), within(p99, 99)]).toEqual([true, true, true]);

    now += 55_000; // the first batch leaves the window
    const [later] = metrics.snapshot();
    expect(later!.errorRate).toBeCloseTo(0.15, 10);
    expect(later!.latencyMs).toBeNull();
    expect(later!.predictionsTotal).toBe(200);
  });

  it('slides in 10-second steps: latencies leave the quantiles when their sub-window leaves the minute', () => {
    let now = 5_000_000;
    const metrics = new ModelMetrics(() => now);
    metrics.ingest([{ model: 'm', latency_ms: new Array(1000).fill(900) }]);
    for (let i = 0; i < 5; i++) {
      now += 10_000;
      metrics.ingest([{ model: 'm', latency_ms: new Array(100).fill(10) }]);
    }
    expect(within(metrics.snapshot()[0]!.latencyMs!.p50, 900)).toBe(true);
    now += 10_000; // the slow first batch is now more than a minute old
    metrics.ingest([{ model: 'm', latency_ms: new Array(100).fill(10) }]);
    const { p50, p99 } = metrics.snapshot()[0]!.latencyMs!;
    expect(within(p50, 10) && within(p99, 10)).toBe(true);
  });

  it('counts latencies as predictions when no count is given, and accepts epoch seconds', () => {
    const now = 2_000_000_000_000;
    const metrics = new ModelMetrics(() => now);
    metrics.ingest([{ model: 'm', latency_ms: [10, 20, 30], timestamp: now / 1000 - 1 }]);
    expect(metrics.snapshot()[0]).toMatchObject({ predictionsTotal: 3, errorRate: 0, lastSeenAt: now - 1000 });
  });

  it('refuses a new model beyond the cap, whole batch and all, with a message that names the limit', () => {
    const now = 2_000_000_000_000;
    const limits: ModelLimits = { maxModels: 3, maxGaugesPerModel: 2, forgetAfterHours: 1 };
    const metrics = new ModelMetrics(() => now, () => limits);
    metrics.admit([{ model: 'a', predictions: 1 }, { model: 'b', predictions: 1 }, { model: 'c', predictions: 1 }]);
    const refusal = (() => {
      try {
        metrics.admit([{ model: 'a', predictions: 10 }, { model: 'd', predictions: 1 }]);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(IngestRefused);
    expect((refusal as IngestRefused).modelCap).toBe(true);
    expect((refusal as Error).message).toMatch(/at most 3 models \(monitor\.models\.maxModels\).*\bd\b/);
    const snapshot = metrics.snapshot();
    expect(snapshot.map((m) => m.model)).toEqual(['a', 'b', 'c']);
    expect(snapshot[0]!.predictionsTotal).toBe(1); // nothing of the refused batch was kept
    metrics.admit([{ model: 'a', predictions: 10 }]); // known models still report
    expect(metrics.snapshot()[0]!.predictionsTotal).toBe(11);
  });

  it('forgets a model silent for forgetAfterHours, which frees its place', () => {
    let now = 2_000_000_000_000;
    const metrics = new ModelMetrics(() => now, () => ({ maxModels: 1, maxGaugesPerModel: 2, forgetAfterHours: 1 }));
    metrics.admit([{ model: 'old', predictions: 1 }]);
    expect(() => metrics.admit([{ model: 'new', predictions: 1 }])).toThrow(IngestRefused);
    now += 3_600_001;
    expect(metrics.snapshot()).toEqual([]);
    metrics.admit([{ model: 'new', predictions: 1 }]);
    expect(metrics.snapshot().map((m) => m.model)).toEqual(['new']);
  });

  it('refuses gauges beyond the per-model cap and timestamps far from now, keeping nothing', () => {
    const now = 2_000_000_000_000;
    const metrics = new ModelMetrics(() => now, () => ({ maxModels: 10, maxGaugesPerModel: 2, forgetAfterHours: 1 }));
    metrics.admit([{ model: 'm', gauges: { loss: 1, lr: 0.1 } }]);
    metrics.admit([{ model: 'm', gauges: { loss: 0.5 } }]); // known names are updated
    expect(() => metrics.admit([{ model: 'm', gauges: { epoch: 3 } }])).toThrow(/more than 2 gauges \(monitor\.models\.maxGaugesPerModel\)/);
    expect(() => metrics.admit([{ model: 'n', gauges: { a: 1 } }, { model: 'n', gauges: { b: 1, c: 1 } }])).toThrow(/model n would have more than 2 gauges/);
    expect(() => metrics.admit([{ model: 'm', predictions: 5, timestamp: now - 2 * 3_600_000 }])).toThrow(/more than 1 hour before this host's clock/);
    expect(() => metrics.admit([{ model: 'm', predictions: 5, timestamp: now / 1000 + 3600 }])).toThrow(/more than 5 minutes after/);
    expect(() => metrics.admit([{ model: 'm', predictions: 5 }, { model: 'm', predictions: 5, timestamp: 1 }])).toThrow(/timestamp 1 of model m is 1970/);
    expect(metrics.snapshot()).toEqual([expect.objectContaining({ model: 'm', predictionsTotal: 0, gauges: { loss: 0.5, lr: 0.1 } })]);
  });
});
