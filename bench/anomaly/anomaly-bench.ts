// Detector quality on seeded labelled series: precision, recall and detection delay per kind of
// anomaly and per kind of noise, with the goals beside them; and its cost per scored step.
import { defaultDetectorOptions } from '../../main/monitor/anomaly/series-detector';
import { evaluate, goals, summarise, type SeriesResult } from './evaluate';
import { anomalyKinds, generate, noiseKinds, stepMs } from './labelled-series';
import { detectorFlags } from './run-detector';

const seeds = [1, 2, 3, 4, 5];

export async function run(): Promise<void> {
  console.log(`anomaly: labelled series at ${stepMs / 1000} s steps, ${seeds.length} seeds × ${noiseKinds.length} noises (${noiseKinds.join(', ')}) per kind`);
  console.log(`  threshold ${defaultDetectorOptions.threshold} robust σ, window ${defaultDetectorOptions.windowSteps} steps, seasonality after ${defaultDetectorOptions.seasonalDays} days`);
  console.log('  kind                 noise      precision  recall  delay    false alarms/day   goal');
  let steps = 0;
  let cpuMs = 0;
  for (const kind of anomalyKinds) {
    const all: SeriesResult[] = [];
    for (const noise of noiseKinds) {
      const results = seeds.map((seed) => {
        const series = generate(kind, noise, seed);
        const started = process.cpuUsage();
        const flags = detectorFlags(series);
        const used = process.cpuUsage(started);
        cpuMs += (used.user + used.system) / 1000;
        steps += series.values.length;
        return evaluate(series, flags);
      });
      all.push(...results);
      print(kind, noise, summarise(results), '');
    }
    const goal =
      kind === 'shift' || kind === 'spike'
        ? `precision ≥ ${goals.precision}, recall ≥ ${goals.recall}`
        : kind === 'seasonal-clean'
          ? `< ${goals.seasonalFalseAlarmsPerDay} false alarm/day`
          : kind === 'drift'
            ? 'none: a rolling baseline follows slow drifts (forecasts watch trends)'
            : '';
    print(kind, 'all', summarise(all), goal);
  }
  console.log(`  cost: ${((1000 * cpuMs) / steps).toFixed(2)} µs CPU per scored step over ${steps.toLocaleString('en')} steps`);
}

function print(kind: string, noise: string, r: ReturnType<typeof summarise>, goal: string): void {
  const delay = r.medianDelaySteps === null ? '—' : `${(r.medianDelaySteps * stepMs) / 1000} s`;
  const share = (v: number | null) => (v === null ? '—' : v.toFixed(2));
  console.log(
    `  ${kind.padEnd(20)} ${noise.padEnd(9)} ${share(r.precision).padStart(9)}  ${share(r.recall).padStart(6)}  ${delay.padStart(6)}  ${r.falseAlarmsPerDay.toFixed(2).padStart(17)}   ${goal}`,
  );
}
