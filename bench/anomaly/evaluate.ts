import type { LabelledSeries } from './labelled-series';

export interface SeriesResult {
  windows: number;
  detected: number;
  /** Alarms: runs of consecutive anomalous steps, counted from `scoredFrom`. */
  alarms: number;
  falseAlarms: number;
  /** Steps from each detected window's start to its first flag. */
  delays: number[];
  days: number;
}

/** Scores one series' flags against its labelled windows. */
export function evaluate(series: LabelledSeries, flags: Uint8Array): SeriesResult {
  const inWindow = (i: number) => series.windows.some(([a, b]) => i >= a && i < b);
  let alarms = 0;
  let falseAlarms = 0;
  for (let i = series.scoredFrom; i < flags.length; i++) {
    if (!flags[i] || flags[i - 1]) continue;
    let end = i;
    while (end < flags.length && flags[end]) end++;
    alarms++;
    let overlaps = false;
    for (let k = i; k < end && !overlaps; k++) overlaps = inWindow(k);
    if (!overlaps) falseAlarms++;
  }
  const delays: number[] = [];
  for (const [a, b] of series.windows) {
    for (let i = a; i < b; i++) {
      if (flags[i]) {
        delays.push(i - a);
        break;
      }
    }
  }
  return {
    windows: series.windows.length,
    detected: delays.length,
    alarms,
    falseAlarms,
    delays,
    days: ((flags.length - series.scoredFrom) * series.stepMs) / 86_400_000,
  };
}

export interface KindResult {
  /** null without any alarm. */
  precision: number | null;
  /** null without any labelled window. */
  recall: number | null;
  medianDelaySteps: number | null;
  falseAlarmsPerDay: number;
}

export function summarise(results: SeriesResult[]): KindResult {
  const sum = (pick: (r: SeriesResult) => number) => results.reduce((s, r) => s + pick(r), 0);
  const alarms = sum((r) => r.alarms);
  const delays = results.flatMap((r) => r.delays).sort((a, b) => a - b);
  return {
    precision: alarms === 0 ? null : (alarms - sum((r) => r.falseAlarms)) / alarms,
    recall: sum((r) => r.windows) === 0 ? null : sum((r) => r.detected) / sum((r) => r.windows),
    medianDelaySteps: delays.length ? delays[delays.length >> 1]! : null,
    falseAlarmsPerDay: sum((r) => r.falseAlarms) / sum((r) => r.days),
  };
}

/** The goals `npm run bench anomaly` prints beside its figures, and the quality test asserts. */
export const goals = {
  /** Level shifts and spikes. */
  precision: 0.8,
  recall: 0.8,
  /** Clean seasonal series, once the detector has its week of history. */
  seasonalFalseAlarmsPerDay: 1,
};
