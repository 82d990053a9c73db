import { defaultDetectorOptions, SeriesDetector } from './series-detector';

export interface RowScore {
  /** 1-based row of the input. */
  row: number;
  at: number | null;
  value: number | null;
  expected: number | null;
  score: number | null;
  anomalous: boolean;
}

/**
 * Scores a recorded series offline, one step per row, with the monitor's detector and defaults.
 * With times, rows are scored in time order and time-of-day seasonality applies once a week of
 * history lies behind a row; without them, rows are scored in file order and seasonality never does.
 * Missing values are passed over (no score, not anomalous).
 */
export function scoreRows(values: Float64Array, times: Float64Array | null, threshold = defaultDetectorOptions.threshold): RowScore[] {
  const detector = new SeriesDetector({ ...defaultDetectorOptions, stepMs: 0, threshold, seasonalDays: times ? defaultDetectorOptions.seasonalDays : null });
  const order = Array.from(values, (_, i) => i);
  if (times) order.sort((a, b) => (times[a]! - times[b]!) || a - b);
  const out: RowScore[] = new Array(values.length);
  for (const i of order) {
    const at = times ? times[i]! : null;
    const scored = at === null || !Number.isNaN(at) ? detector.add(at ?? i * 1000, values[i]!) : null;
    out[i] = { row: i + 1, at: at !== null && Number.isNaN(at) ? null : at, value: Number.isNaN(values[i]!) ? null : values[i]!, expected: scored?.expected ?? null, score: scored?.score ?? null, anomalous: scored?.anomalous ?? false };
  }
  return out;
}
