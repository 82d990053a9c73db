import { describe, expect, it } from 'vitest';
import { defaultDetectorOptions, SeriesDetector, type Score } from '../../../../../main/monitor/anomaly/series-detector';

const t0 = Date.UTC(2026, 10, 30);

function feed(detector: SeriesDetector, values: number[], stepMs = 1000): Score[] {
  return values.map((v, i) => detector.add(t0 + i * stepMs, v)).filter((s): s is Score => s !== null);
}

describe('SeriesDetector', () => {
  const wobble = (i: number) => 50 + ((i * 7919) % 11) - 5;

  it('scores nothing while it is still learning, then flags a spike against the steps before it', () => {
    const detector = new SeriesDetector({ ...defaultDetectorOptions, stepMs: 0 });
    const scores = feed(detector, [...Array.from({ length: 100 }, (_, i) => wobble(i)), 500, wobble(101)]);
    expect(scores.slice(0, defaultDetectorOptions.minSteps).every((s) => s.score === 0 && !s.anomalous)).toBe(true);
    expect(scores.slice(defaultDetectorOptions.minSteps, 100).some((s) => s.anomalous)).toBe(false);
    expect(scores[100]).toMatchObject({ value: 500, anomalous: true });
    expect(scores[100]!.expected).toBeCloseTo(50, 0);
    expect(scores[101]!.anomalous).toBe(false);
  });

  it('averages points into steps and scores each step once it is complete', () => {
    const detector = new SeriesDetector({ ...defaultDetectorOptions, stepMs: 10_000 });
    // One point a second: the first score comes when the 11th point opens the second step.
    const scores = feed(detector, Array.from({ length: 25 }, (_, i) => (i < 10 ? 1 : 3)));
    expect(scores.map((s) => [s.at - t0, s.value])).toEqual([
      [0, 1],
      [10_000, 3],
    ]);
  });

  it('leaves a constant series alone and ignores points that are not numbers', () => {
    const detector = new SeriesDetector({ ...defaultDetectorOptions, stepMs: 0 });
    const scores = feed(detector, Array.from({ length: 500 }, () => 0));
    expect(scores.some((s) => s.anomalous)).toBe(false);
    expect(detector.add(t0 + 1e6, Number.NaN)).toBeNull();
  });

  it('calls a moving series that starts repeating one value stuck', () => {
    const detector = new SeriesDetector({ ...defaultDetectorOptions, stepMs: 0 });
    const moving = Array.from({ length: 200 }, (_, i) => wobble(i));
    const scores = feed(detector, [...moving, ...Array.from({ length: 40 }, () => 50)]);
    const stuck = scores.slice(200);
    expect(stuck.slice(0, defaultDetectorOptions.flatSteps - 1).some((s) => s.anomalous)).toBe(false);
    expect(stuck.at(-1)!.anomalous).toBe(true);
  });

  it('does not call small wobbles of a large value anomalous', () => {
    const detector = new SeriesDetector({ ...defaultDetectorOptions, stepMs: 0 });
    // Memory at 60 % moving by a hundredth of a point, then by half a point: not worth a word.
    const scores = feed(detector, [...Array.from({ length: 100 }, (_, i) => 60 + (i % 2) * 0.01), 60.5]);
    expect(scores.at(-1)!.anomalous).toBe(false);
  });
});
