import { robustBaseline, type Baseline } from './robust-baseline';
import { SeasonalProfile } from './seasonal-profile';

export interface DetectorOptions {
  /** Points are averaged into steps of this length before scoring; 0 scores every point as it comes. */
  stepMs: number;
  /** Steps start this far after multiples of `stepMs`. */
  phaseMs?: number;
  /** Steps in the rolling baseline. */
  windowSteps: number;
  /** The baseline is recomputed every this many steps (scoring in between is O(1)). */
  refreshSteps: number;
  /** Steps seen before anything is scored. */
  minSteps: number;
  /** A step whose robust z-score reaches this is anomalous. */
  threshold: number;
  /** A series that had spread and then repeats one value this many steps is stuck. */
  flatSteps: number;
  /** The scale is at least this share of the series' mean magnitude. */
  relativeFloor: number;
  /** Days of history before hour-of-day seasonality is used (null: never). */
  seasonalDays: number | null;
  slotMinutes: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  stepMs: 10_000,
  windowSteps: 360,
  refreshSteps: 6,
  minSteps: 30,
  threshold: 6,
  flatSteps: 30,
  relativeFloor: 0.01,
  seasonalDays: 7,
  slotMinutes: 15,
};

export interface Score {
  /** Start of the step scored. */
  at: number;
  /** The step's value (the mean of its points). */
  value: number;
  /** What the baseline expected. */
  expected: number;
  /** |value − expected| in robust standard deviations; 0 while still learning. */
  score: number;
  anomalous: boolean;
}

/**
 * One series' detector: a rolling median/MAD baseline over the last `windowSteps` steps, on values
 * less their usual time-of-day level once `seasonalDays` of history exist. Each step is scored
 * against the baseline of the steps before it, so an anomaly does not hide itself.
 */
export class SeriesDetector {
  /** Kept small (thousands of series may each have one): residuals and scratch are shared, see below. */
  private readonly values: Float64Array;
  private readonly times: Float64Array;
  private readonly seasonal: SeasonalProfile | null;
  private count = 0;
  private sinceRefresh = Infinity;
  private baseline: Baseline | null = null;
  private useSeasonal = false;
  private flatRun = 0;
  private stepStart = NaN;
  private stepSum = 0;
  private stepPoints = 0;

  constructor(private readonly options: DetectorOptions = defaultDetectorOptions) {
    this.values = new Float64Array(options.windowSteps);
    this.times = new Float64Array(options.windowSteps);
    this.seasonal = options.seasonalDays ? new SeasonalProfile({ days: options.seasonalDays, slotMinutes: options.slotMinutes }) : null;
  }

  /** Adds a point; returns the score of the step it completed, if it completed one. */
  add(at: number, value: number): Score | null {
    if (!Number.isFinite(value)) return null;
    const step = this.options.stepMs;
    if (step === 0) return this.scoreStep(at, value);
    const start = at - ((((at - (this.options.phaseMs ?? 0)) % step) + step) % step);
    let done: Score | null = null;
    if (start !== this.stepStart) {
      if (this.stepPoints > 0) done = this.scoreStep(this.stepStart, this.stepSum / this.stepPoints);
      this.stepStart = start;
      this.stepSum = 0;
      this.stepPoints = 0;
    }
    this.stepSum += value;
    this.stepPoints++;
    return done;
  }

  private scoreStep(at: number, value: number): Score {
    const o = this.options;
    if (this.sinceRefresh >= o.refreshSteps && this.count >= o.minSteps) this.refresh(at);
    let expected = value;
    let score = 0;
    if (this.baseline && this.count >= o.minSteps) {
      const usual = this.useSeasonal ? this.seasonal!.expected(at) : 0;
      expected = usual + this.baseline.median;
      score = Math.abs(value - expected) / this.baseline.scale;
      const previous = this.values[(this.count - 1) % o.windowSteps]!;
      this.flatRun = value === previous ? this.flatRun + 1 : 0;
      // A stuck sensor or a dead exporter repeats itself where the series used to move.
      if (this.flatRun >= o.flatSteps && this.baseline.scale > o.relativeFloor * Math.abs(expected) + 1e-9 && !this.windowIsFlat()) score = Math.max(score, o.threshold);
    }
    this.remember(at, value);
    return { at, value, expected, score, anomalous: score >= o.threshold };
  }

  /**
   * Learns from stored history instead of starting blank: minute means for the time-of-day
   * profile, then the latest steps for the rolling baseline, both oldest first.
   */
  prime(minuteMeans: readonly (readonly [number, number])[], steps: readonly (readonly [number, number])[]): void {
    for (const [at, value] of minuteMeans) this.seasonal?.add(at, value);
    for (const [at, value] of steps) this.remember(at, value);
    this.sinceRefresh = Infinity;
  }

  private remember(at: number, value: number): void {
    const slot = this.count % this.options.windowSteps;
    this.values[slot] = value;
    this.times[slot] = at;
    this.count++;
    this.sinceRefresh++;
    this.seasonal?.add(at, value);
  }

  private refresh(at: number): void {
    const o = this.options;
    const n = Math.min(this.count, o.windowSteps);
    const { residuals, scratch } = sharedBuffers(o.windowSteps);
    this.useSeasonal = this.seasonal?.ready(at) ?? false;
    let magnitude = 0;
    for (let i = 0; i < n; i++) {
      const v = this.values[i]!;
      magnitude += Math.abs(v);
      residuals[i] = this.useSeasonal ? v - this.seasonal!.expected(this.times[i]!) : v;
    }
    this.baseline = robustBaseline(residuals, n, scratch, o.relativeFloor, magnitude / n);
    this.sinceRefresh = 0;
  }

  /** True when the whole window already holds one value: a constant series is not stuck, just constant. */
  private windowIsFlat(): boolean {
    const n = Math.min(this.count, this.options.windowSteps);
    const first = this.values[0]!;
    for (let i = 1; i < n; i++) if (this.values[i] !== first) return false;
    return true;
  }
}

/** Work space for refresh(), which runs to completion on one thread: one pair for all detectors. */
let shared = { residuals: new Float64Array(0), scratch: new Float64Array(0) };
function sharedBuffers(size: number): typeof shared {
  if (shared.residuals.length < size) shared = { residuals: new Float64Array(size), scratch: new Float64Array(size) };
  return shared;
}
