import { describe, expect, it } from 'vitest';
import { evaluate, goals, summarise } from '../../../../../bench/anomaly/evaluate';
import { generate, noiseKinds, type AnomalyKind, type NoiseKind } from '../../../../../bench/anomaly/labelled-series';
import { detectorFlags } from '../../../../../bench/anomaly/run-detector';

// A smaller seeded set than `npm run bench anomaly`, held to the same goals.
function score(kind: AnomalyKind, seeds: number[], noises: readonly NoiseKind[] = noiseKinds) {
  return summarise(noises.flatMap((noise) => seeds.map((seed) => {
    const series = generate(kind, noise, seed);
    return evaluate(series, detectorFlags(series));
  })));
}

describe('the anomaly detector on labelled series', () => {
  it.each(['shift', 'spike'] as const)('finds %s anomalies with the precision and recall it promises', (kind) => {
    const result = score(kind, [11, 12]);
    expect(result.precision!).toBeGreaterThanOrEqual(goals.precision);
    expect(result.recall!).toBeGreaterThanOrEqual(goals.recall);
    // Shifts and spikes of this size are flagged on the step they start.
    expect(result.medianDelaySteps).toBe(0);
  });

  it('raises under one false alarm a day on clean seasonal series with a nightly job, once it has a week of history', () => {
    // Ten days a series: two noises, the heaviest-tailed among them, keep the test short.
    expect(score('seasonal-clean', [11], ['gaussian', 'laplace']).falseAlarmsPerDay).toBeLessThan(goals.seasonalFalseAlarmsPerDay);
  });

  it('finds a nightly job that did not run, which only the time-of-day profile can tell', () => {
    const series = generate('seasonal-anomalies', 'gaussian', 11);
    const flags = detectorFlags(series);
    const [from, to] = series.windows.at(-1)!;
    expect(flags.subarray(from, to).some((f) => f === 1)).toBe(true);
  });

  it('finds a series stuck at zero and its return', () => {
    const result = score('stuck', [11]);
    expect(result.recall).toBe(1);
    expect(result.precision!).toBeGreaterThanOrEqual(goals.precision);
  });
});
