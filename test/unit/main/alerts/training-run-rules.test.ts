import { describe, expect, it } from 'vitest';
import { GpuStallsFromBefore, modelStalledCondition } from '../../../../main/alerts/training-run-rules';
import type { GpuProcessRun } from '../../../../shared/foresight';

const run = (over: Partial<GpuProcessRun>): GpuProcessRun => ({
  pid: 4242, name: 'python3', commandLine: null, gpus: [0], firstSeenAt: 0, lastSeenAt: 0, peakMemoryBytes: null, idleSince: null, stalled: false, ...over,
});

describe('training run rules', () => {
  it('says how a reporting run stalled: a stuck step, or silence (with or without a step)', () => {
    const at = 1_200_000;
    expect(modelStalledCondition({ model: 'm', step: 7, progressAt: 0, lastSeenAt: 1_190_000 }, at, false).summary).toBe('training may be stalled: run m reports step 7 unchanged for 20 min');
    expect(modelStalledCondition({ model: 'm', step: 7, progressAt: 0, lastSeenAt: 600_000 }, at, true).summary).toBe('training may be stalled: run m stopped reporting 10 min ago at step 7');
    expect(modelStalledCondition({ model: 'm', step: null, progressAt: 0, lastSeenAt: 0 }, at, false).summary).toBe('training may be stalled: run m stopped reporting 20 min ago');
  });

  it('settles stall alerts from before a restart: gone or busy resolves, idle waits, stalled again is taken over', () => {
    const before = new GpuStallsFromBefore(['pid:1', 'pid:2', 'pid:3', 'pid:4']);
    const now = [run({ pid: 2, idleSince: 5 }), run({ pid: 3 }), run({ pid: 4, idleSince: 1, stalled: true })];
    expect(before.settle(now).map((c) => `${c.resource} ${c.severity} ${c.summary}`)).toEqual(['pid:1 null the process pid 1 is gone', 'pid:3 null python3 (pid 3) uses its GPU again']);
    expect(before.size).toBe(1);
    expect(before.settle([run({ pid: 2 })]).map((c) => c.resource)).toEqual(['pid:2']);
    expect(before.size).toBe(0);
  });
});
