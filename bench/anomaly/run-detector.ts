import { defaultDetectorOptions, SeriesDetector } from '../../main/monitor/anomaly/series-detector';
import type { LabelledSeries } from './labelled-series';

/** Runs the monitor's detector over a labelled series, one step per point; returns its flags. */
export function detectorFlags(series: LabelledSeries): Uint8Array {
  const detector = new SeriesDetector({ ...defaultDetectorOptions, stepMs: 0 });
  const flags = new Uint8Array(series.values.length);
  for (let i = 0; i < series.values.length; i++) flags[i] = detector.add(series.start + i * series.stepMs, series.values[i]!)!.anomalous ? 1 : 0;
  return flags;
}
