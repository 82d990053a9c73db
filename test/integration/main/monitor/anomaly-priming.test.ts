import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../shared/config';
import type { AnomalyChange } from '../../../../main/monitor/anomaly/anomaly-set';
import { Monitor } from '../../../../main/monitor/monitor';
import { createMetricStore } from '../../../../main/store/metric-store';
import { openStore, type Db } from '../../../../main/store/open';
import { tempDir } from '../../../helpers/temp-dir';

const minute = 60_000;
const hour = 60 * minute;

describe('anomaly detectors after a restart', () => {
  let db: Db | undefined;
  let monitor: Monitor | undefined;
  afterEach(() => {
    monitor?.stop();
    db?.close();
  });

  it('learn from the store: a nightly job is usual at its hour, from the first step after the start', async () => {
    db = openStore(tempDir());
    const store = createMetricStore(db);
    const config = defaultConfig();
    config.monitor.gpu.enabled = false;
    const start = Date.UTC(2026, 10, 30, 3, 5); // 03:05, five minutes into the nightly job
    // Eight days of history: model "etl" loads 10 from 03:00 to 04:00 each night and 1 otherwise; "web" always 1.
    const wobble = (at: number) => 0.05 * Math.sin(at / 7 / minute);
    const load = (model: string, at: number) => (model === 'etl' && new Date(at).getUTCHours() === 3 ? 10 : 1) + wobble(at);
    const points: [string, number, number][] = [];
    for (let at = start - 8 * 24 * hour; at < start; at += at < start - 2 * hour ? minute : 10_000) {
      for (const model of ['etl', 'web']) points.push([`model.gauge.load{${model}}`, at, load(model, at)]);
    }
    store.write(points);
    store.maintain(start, config.monitor.retention);

    let clock = start;
    const changes: AnomalyChange[] = [];
    monitor = new Monitor({ config: () => config.monitor, store, onSample: () => {}, now: () => clock, onAnomaly: (c) => changes.push(c) });
    // Both report 10 now: usual for etl at this hour, far from usual for web.
    for (; clock <= start + 20_000; clock += 1000) {
      monitor.ingest([{ model: 'etl', gauges: { load: 10 } }, { model: 'web', gauges: { load: 10 } }]);
      await monitor.sample();
    }
    expect(changes.filter((c) => c.series.startsWith('model.')).map((c) => [c.series, c.anomalous])).toEqual([['model.gauge.load{web}', true]]);
    const web = monitor.recentAnomalies(start - hour).find((a) => a.series === 'model.gauge.load{web}');
    expect(web!.expected).toBeCloseTo(1, 0);
  });
});
