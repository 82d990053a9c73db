import { describe, expect, it } from 'vitest';
import { ModelLifecycle, type ModelLifecycleEvent } from '../../../../main/monitor/model-lifecycle';

const s = (seconds: number) => seconds * 1000;

function lifecycle() {
  const events: string[] = [];
  const tracker = new ModelLifecycle({
    quietMs: () => s(120),
    forgetAfterMs: () => s(86_400),
    stalledMs: () => s(600),
    onEvent: (e: ModelLifecycleEvent) => events.push(`${e.type} ${e.model} step=${e.step} progressAt=${e.progressAt / 1000}`),
  });
  return { tracker, events };
}

/** Reports every 30 s from `from` to `to` (seconds), with the step `stepAt(t)`, checking at each report. */
function report(tracker: ModelLifecycle, model: string, from: number, to: number, stepAt: (t: number) => number, finished?: boolean) {
  for (let t = from; t <= to; t += 30) {
    tracker.seen(model, s(t), 'run', undefined, { step: stepAt(t), finished });
    tracker.check(s(t));
  }
}

describe('stalled runs: the step stops advancing', () => {
  it('a run that keeps reporting the same step for 10 minutes may be stalled, until its step moves again', () => {
    const { tracker, events } = lifecycle();
    report(tracker, 'resnet', 0, 300, (t) => t / 30); // steps 0..10
    report(tracker, 'resnet', 330, 900, () => 10); // stuck at 10 since 300 s
    expect(events).toEqual([]);
    report(tracker, 'resnet', 930, 930, () => 10);
    expect(events).toEqual(['run-stalled resnet step=10 progressAt=300']);
    expect(tracker.runProgress()).toEqual([{ model: 'resnet', step: 10, progressAt: s(300), lastSeenAt: s(930), stalled: true }]);
    report(tracker, 'resnet', 960, 960, () => 11);
    expect(events.slice(1)).toEqual(['run-progressing resnet step=11 progressAt=960']);
    expect(tracker.runProgress()[0]!.stalled).toBe(false);
  });

  it('a run that says it will announce its end is stalled, not ended, when it goes quiet; finished: true ends it at once', () => {
    const { tracker, events } = lifecycle();
    report(tracker, 'bert', 0, 60, (t) => t, false);
    for (let t = 90; t <= 660; t += 30) tracker.check(s(t));
    expect(events).toEqual([]); // quiet past modelQuietSeconds: not ended
    tracker.check(s(661));
    expect(events).toEqual(['run-stalled bert step=60 progressAt=60']);
    report(tracker, 'bert', 700, 700, () => 61, false);
    report(tracker, 'bert', 730, 730, () => 62, true);
    expect(events.slice(1)).toEqual(['run-progressing bert step=61 progressAt=700', 'run-finished bert step=62 progressAt=730']);
    expect(tracker.runProgress()).toEqual([]);
  });

  it('a run that never announces its end still ends when it goes quiet, as before, without a stall', () => {
    const { tracker, events } = lifecycle();
    report(tracker, 'legacy', 0, 60, (t) => t);
    for (let t = 90; t <= 1200; t += 30) tracker.check(s(t));
    expect(events).toEqual(['run-finished legacy step=60 progressAt=60']);
  });

  it('a service is never a stalled run, whatever gauge it reports', () => {
    const { tracker, events } = lifecycle();
    for (let t = 0; t <= 1200; t += 10) {
      tracker.seen('ranker', s(t), 'service', 10, { step: 1 });
      tracker.check(s(t));
    }
    expect(events).toEqual([]);
    expect(tracker.runProgress()).toEqual([]);
  });
});
