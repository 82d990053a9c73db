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
});
