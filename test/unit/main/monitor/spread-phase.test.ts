import { describe, expect, it } from 'vitest';
import { spreadPhaseMs } from '../../../../main/monitor/spread-phase';

describe('spreadPhaseMs', () => {
  it('gives a name the same whole second of the step every time, and 0 for steps of a second or less', () => {
    expect(spreadPhaseMs('model.latency_p95{ranker}', 10_000)).toBe(spreadPhaseMs('model.latency_p95{ranker}', 10_000));
    for (const name of ['a', 'cpu.total', 'model.gauge.loss{resnet}']) {
      const phase = spreadPhaseMs(name, 10_000);
      expect(phase % 1000).toBe(0);
      expect(phase).toBeGreaterThanOrEqual(0);
      expect(phase).toBeLessThan(10_000);
      expect(spreadPhaseMs(name, 1000)).toBe(0);
    }
  });

  it('spreads a thousand similar names evenly over the ten seconds of a step', () => {
    const perSecond = new Array<number>(10).fill(0);
    for (let i = 0; i < 1000; i++) perSecond[spreadPhaseMs(`model-${String(i).padStart(4, '0')}`, 10_000) / 1000]!++;
    expect(Math.min(...perSecond)).toBeGreaterThan(60);
    expect(Math.max(...perSecond)).toBeLessThan(140);
  });
});
