import { describe, expect, it } from 'vitest';
import { cpuUsage } from '../../../../main/monitor/cpu-usage';

describe('cpuUsage', () => {
  it('computes busy share per core and over all cores from two readings', () => {
    const before = [
      { busy: 100, total: 1000 },
      { busy: 0, total: 1000 },
    ];
    const after = [
      { busy: 600, total: 2000 }, // 500 of 1000 busy: 50 %
      { busy: 100, total: 2000 }, // 100 of 1000: 10 %
    ];
    const usage = cpuUsage(before, after);
    expect(usage.perCore).toEqual([50, 10]);
    expect(usage.total).toBeCloseTo(30, 10);
  });

  it('reads 0 rather than negative or NaN when counters did not move or went back', () => {
    const usage = cpuUsage([{ busy: 500, total: 1000 }], [{ busy: 400, total: 1000 }]);
    expect(usage).toEqual({ total: 0, perCore: [0] });
  });
});
