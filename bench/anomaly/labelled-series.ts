// Seeded labelled metric series for scoring anomaly detectors, in the spirit of the Numenta
// Anomaly Benchmark: each series has known anomaly windows; a detector is scored on how many
// windows it flags (recall), how many of its alarms fall in one (precision) and how late it is.

export type AnomalyKind = 'shift' | 'spike' | 'drift' | 'stuck' | 'seasonal-clean' | 'seasonal-anomalies';
export type NoiseKind = 'gaussian' | 'laplace' | 'uniform' | 'integer';

export const anomalyKinds: AnomalyKind[] = ['shift', 'spike', 'drift', 'stuck', 'seasonal-clean', 'seasonal-anomalies'];
export const noiseKinds: NoiseKind[] = ['gaussian', 'laplace', 'uniform', 'integer'];

export interface LabelledSeries {
  kind: AnomalyKind;
  noise: NoiseKind;
  seed: number;
  stepMs: number;
  start: number;
  values: Float64Array;
  /** Anomaly windows as [from, to) step indexes. */
  windows: [number, number][];
  /** Steps before this index are the detector's learning time and not scored for false alarms. */
  scoredFrom: number;
}

export const stepMs = 10_000;
const stepsPerHour = 3_600_000 / stepMs;
const stepsPerDay = 24 * stepsPerHour;
const level = 50;
const sigma = 2;

/** Integer-only LCG: the same seed gives the same series on every machine. */
function uniforms(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
}

/** Noise with standard deviation `sigma` of the chosen kind. */
function noiseSource(kind: NoiseKind, u: () => number): () => number {
  const gaussian = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) * sigma;
  switch (kind) {
    case 'gaussian':
      return gaussian;
    case 'laplace':
      return () => {
        const x = u() - 0.5;
        return -Math.sign(x) * Math.log(1 - 2 * Math.abs(x)) * (sigma / Math.SQRT2);
      };
    case 'uniform':
      return () => (u() - 0.5) * sigma * Math.sqrt(12);
    case 'integer':
      return () => Math.round(gaussian());
  }
}

/** A daily cycle with a half-hour nightly job at 03:00: what a training box's disk I/O looks like. */
function daily(i: number): number {
  const hourOfDay = (i % stepsPerDay) / stepsPerHour;
  const job = hourOfDay >= 3 && hourOfDay < 3.5 ? 15 * sigma : 0;
  return 8 * sigma * Math.sin((2 * Math.PI * hourOfDay) / 24) + job;
}

export function generate(kind: AnomalyKind, noise: NoiseKind, seed: number): LabelledSeries {
  const u = uniforms(seed * 31 + anomalyKinds.indexOf(kind) * 7 + noiseKinds.indexOf(noise));
  const e = noiseSource(noise, u);
  const between = (a: number, b: number) => a + (b - a) * u();
  const sign = () => (u() < 0.5 ? -1 : 1);
  const seasonal = kind.startsWith('seasonal');
  const days = seasonal ? 10 : 1;
  const n = days * stepsPerDay;
  const values = new Float64Array(n);
  const windows: [number, number][] = [];
  const base = (i: number) => level + (seasonal ? daily(i) : 0) + e();
  for (let i = 0; i < n; i++) values[i] = base(i);
  const after = Math.floor(stepsPerHour * 2); // the detector needs some history first

  if (kind === 'shift') {
    const at = Math.floor(between(after, n - 6 * stepsPerHour));
    const size = sign() * between(6, 12) * sigma;
    for (let i = at; i < n; i++) values[i]! += size;
    windows.push([at, at + stepsPerHour / 2]);
  } else if (kind === 'spike') {
    for (let k = 0; k < 5; k++) {
      const at = Math.floor(after + ((k + between(0.1, 0.9)) * (n - after)) / 5);
      const width = 1 + Math.floor(u() * 3);
      const size = sign() * between(10, 20) * sigma;
      for (let i = at; i < at + width; i++) values[i]! += size;
      windows.push([at, at + width + 2]);
    }
  } else if (kind === 'drift') {
    const at = Math.floor(between(after, n - 8 * stepsPerHour));
    const rampSteps = 2 * stepsPerHour;
    const size = sign() * 10 * sigma;
    for (let i = at; i < n; i++) values[i]! += size * Math.min(1, (i - at) / rampSteps);
    windows.push([at, at + 3 * stepsPerHour]);
  } else if (kind === 'stuck') {
    const at = Math.floor(between(after, n - 4 * stepsPerHour));
    const end = at + 2 * stepsPerHour;
    for (let i = at; i < end; i++) values[i] = 0;
    // Its end, when the series comes back, is as much a change as its start.
    windows.push([at, end + stepsPerHour / 2]);
  } else if (kind === 'seasonal-anomalies') {
    // After the week the profile needs: one shift for an hour, two spikes, and a nightly job that does not run.
    const day8 = 8 * stepsPerDay;
    const shiftAt = day8 + Math.floor(between(6, 18) * stepsPerHour);
    const shift = sign() * between(8, 12) * sigma;
    for (let i = shiftAt; i < shiftAt + stepsPerHour; i++) values[i]! += shift;
    windows.push([shiftAt, shiftAt + (3 * stepsPerHour) / 2]);
    for (let k = 0; k < 2; k++) {
      const at = day8 + stepsPerDay + Math.floor(between(6 + 8 * k, 12 + 8 * k) * stepsPerHour);
      values[at]! += sign() * between(12, 20) * sigma;
      windows.push([at, at + 3]);
    }
    const missed = 9 * stepsPerDay + 3 * stepsPerHour;
    for (let i = missed; i < missed + stepsPerHour / 2; i++) values[i]! -= 15 * sigma;
    windows.push([missed, missed + stepsPerHour / 2]);
  }
  // Seasonal series are scored once the week of history the profile needs lies behind them.
  return { kind, noise, seed, stepMs, start: Date.UTC(2026, 0, 5), values, windows, scoredFrom: seasonal ? 7 * stepsPerDay + stepsPerHour : after };
}
