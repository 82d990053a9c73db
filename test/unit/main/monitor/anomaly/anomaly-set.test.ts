import { describe, expect, it } from 'vitest';
import { AnomalySet } from '../../../../../main/monitor/anomaly/anomaly-set';

describe('AnomalySet', () => {
  it('scores at most maxSeries series, the first that came, so its memory stays bounded', () => {
    const set = new AnomalySet(() => ({ enabled: true, stepSeconds: 1, threshold: 6, maxSeries: 2 }));
    const t0 = Date.UTC(2026, 10, 30);
    const stored = new Set<string>();
    for (let i = 0; i < 5; i++) {
      for (const [name] of set.observe([['cpu.total', 10], ['memory.used_percent', 40], ['model.error_rate{late}', 1]], t0 + i * 1000).stored) stored.add(name);
    }
    expect([...stored].sort()).toEqual(['anomaly.flag{cpu.total}', 'anomaly.flag{memory.used_percent}', 'anomaly.score{cpu.total}', 'anomaly.score{memory.used_percent}']);
    expect(set.scores().map(([series]) => series)).toEqual(['cpu.total', 'memory.used_percent']);
  });

  it('scores nothing when turned off', () => {
    const set = new AnomalySet(() => ({ enabled: false, stepSeconds: 1, threshold: 6, maxSeries: 2000 }));
    expect(set.observe([['cpu.total', 10]], 0)).toEqual({ stored: [], changes: [] });
    expect(set.observe([['cpu.total', 10]], 5000)).toEqual({ stored: [], changes: [] });
  });

  it('spreads the steps of many series over the seconds of a step: no tick scores them all', () => {
    const set = new AnomalySet(() => ({ enabled: true, stepSeconds: 10, threshold: 6, maxSeries: 2000 }));
    const t0 = Date.UTC(2026, 10, 30);
    const points = Array.from({ length: 1000 }, (_, i): [string, number] => [`model.latency_p95{model-${i}}`, 20 + (i % 7)]);
    const scoredPerTick: number[] = [];
    for (let second = 0; second < 40; second++) scoredPerTick.push(set.observe(points, t0 + second * 1000).stored.length / 2);
    // Each series completes one step every 10 s, whatever its phase: 1 000 scores per 10 ticks once all have started.
    const settled = scoredPerTick.slice(10);
    expect(settled.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(Math.max(...settled)).toBeLessThan(200); // a tenth each, give or take; all at once would be 1 000
    expect(Math.min(...settled)).toBeGreaterThan(50);
  });
});
