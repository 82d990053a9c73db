import { describe, expect, it } from 'vitest';
import { LatencySketch, sketchRelativeError } from '../../../../main/monitor/latency-sketch';

/** A seeded generator (mulberry32), so every run checks the same streams. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const n = 200_000;
const streams: Record<string, (rand: () => number) => number> = {
  'uniform 1–100 ms': (rand) => 1 + 99 * rand(),
  'log-normal around 20 ms': (rand) => 20 * Math.exp(0.8 * normal(rand)),
  'Pareto tail (alpha 1.1) from 5 ms': (rand) => 5 / (1 - rand()) ** (1 / 1.1),
  'bimodal: cache hits at 2 ms, misses at 180 ms (7 %)': (rand) => (rand() < 0.93 ? 2 * Math.exp(0.2 * normal(rand)) : 180 * Math.exp(0.3 * normal(rand))),
  'exponential, mean 40 ms, with sub-microsecond zeros': (rand) => (rand() < 0.02 ? 0 : -40 * Math.log(1 - rand())),
  'spanning microseconds to minutes': (rand) => 10 ** (-3 + 8 * rand()),
};
const qs = [0.5, 0.9, 0.95, 0.99, 0.999];

/** The value at rank ⌊q·(n−1)⌋ of the sorted values: the exact quantile the sketch estimates. */
const exact = (sorted: Float64Array, q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;

describe('LatencySketch', () => {
  for (const [name, draw] of Object.entries(streams)) {
    it(`answers p50…p99.9 within ${sketchRelativeError * 100} % of the exact quantiles: ${name}`, () => {
      const rand = random(name.length * 7919);
      const values = Float64Array.from({ length: n }, () => draw(rand));
      const sketch = new LatencySketch();
      for (const v of values) sketch.add(v);
      const sorted = values.slice().sort();
      const answers = sketch.quantiles(qs)!;
      qs.forEach((q, i) => {
        const truth = exact(sorted, q);
        // Below a microsecond the sketch answers 0: an absolute error under 1 µs.
        const allowed = truth < 1e-3 ? 1e-3 : sketchRelativeError * truth;
        expect(Math.abs(answers[i]! - truth), `q=${q}: sketch ${answers[i]}, exact ${truth}`).toBeLessThanOrEqual(allowed);
      });
      expect(sketch.count).toBe(n);
    });
  }

  it('merges sub-windows into the sketch of their union, and subtracting one takes it back out', () => {
    const rand = random(42);
    const parts = Array.from({ length: 6 }, (_, k) => Float64Array.from({ length: 5000 }, () => (k + 1) * 10 * Math.exp(normal(rand))));
    const sketches = parts.map((values) => {
      const s = new LatencySketch();
      for (const v of values) s.add(v);
      return s;
    });
    const merged = new LatencySketch();
    for (const s of sketches) merged.merge(s);
    const whole = new LatencySketch();
    for (const values of parts) for (const v of values) whole.add(v);
    expect(merged.quantiles(qs)).toEqual(whole.quantiles(qs));

    merged.subtract(sketches[0]!);
    const rest = new LatencySketch();
    for (const values of parts.slice(1)) for (const v of values) rest.add(v);
    expect(merged.count).toBe(25_000);
    expect(merged.quantiles(qs)).toEqual(rest.quantiles(qs));
    const sorted = Float64Array.from(parts.slice(1).flatMap((p) => [...p])).sort();
    expect(Math.abs(merged.quantiles([0.99])![0]! - exact(sorted, 0.99))).toBeLessThanOrEqual(sketchRelativeError * exact(sorted, 0.99));
  });

  it('holds a few kilobytes whatever the number of latencies, and is empty again after clear()', () => {
    const sketch = new LatencySketch();
    const rand = random(7);
    for (let i = 0; i < 1_000_000; i++) sketch.add(0.5 + 2000 * rand());
    const afterMillion = sketch.bytes;
    for (let i = 0; i < 1_000_000; i++) sketch.add(0.5 + 2000 * rand());
    expect(sketch.bytes).toBe(afterMillion);
    expect(afterMillion).toBeLessThan(8 * 1024);
    sketch.add(3.6e6 * 10); // beyond the ingest ceiling: counted in the top bin, no growth past the fixed range
    sketch.add(1e-9);
    expect(sketch.bytes).toBeLessThan(10 * 1024);
    sketch.clear();
    expect(sketch.count).toBe(0);
    expect(sketch.quantiles([0.5])).toBeNull();
  });

  it('answers a single value within the error, and zeros as 0', () => {
    const sketch = new LatencySketch();
    sketch.add(250);
    expect(sketch.quantiles([0.5, 0.99])!.every((v) => Math.abs(v - 250) <= 2.5)).toBe(true);
    for (let i = 0; i < 1000; i++) sketch.add(0);
    const [p50, p999, max] = sketch.quantiles([0.5, 0.999, 1])!;
    expect([p50, p999]).toEqual([0, 0]);
    expect(Math.abs(max! - 250)).toBeLessThanOrEqual(2.5);
  });
});
