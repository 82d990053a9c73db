import { describe, expect, it } from 'vitest';
import { ModelLifecycle, type ModelLifecycleEvent } from '../../../../main/monitor/model-lifecycle';

function lifecycle(quietSeconds = 120, forgetAfterSeconds = 86_400) {
  const events: string[] = [];
  const tracker = new ModelLifecycle({ quietMs: () => quietSeconds * 1000, forgetAfterMs: () => forgetAfterSeconds * 1000, onEvent: (e: ModelLifecycleEvent) => events.push(`${e.type} ${e.model} ${e.kind}`) });
  return { tracker, events };
}
const s = (seconds: number) => seconds * 1000;

describe('model lifecycle', () => {
  it('forgets a finished run once it has been quiet past forgetAfter, so runs that come and go do not pile up', () => {
    const { tracker, events } = lifecycle(120, 3600);
    tracker.seen('run-0001', s(0));
    tracker.check(s(200));
    expect(events).toEqual(['run-finished run-0001 run']);
    tracker.check(s(3600));
    expect(tracker.remove('run-0001', s(3600))).toBe(true); // still known within the hour
    tracker.seen('run-0002', s(3700));
    tracker.check(s(3900));
    tracker.check(s(3700 + 3601));
    expect(tracker.remove('run-0002', s(7400))).toBe(false); // forgotten
  });

  it('a model that never said what it is is a run: quiet past the limit, it finished, once', () => {
    const { tracker, events } = lifecycle();
    tracker.seen('trainer', s(0));
    tracker.seen('trainer', s(60));
    tracker.check(s(180));
    expect(events).toEqual([]);
    tracker.check(s(181));
    tracker.check(s(400));
    expect(events).toEqual(['run-finished trainer run']);
  });

  it('a service is down after three expected intervals, back when it reports, down again on the next outage', () => {
    const { tracker, events } = lifecycle();
    tracker.seen('ranker', s(0), 'service', 10);
    tracker.check(s(30));
    expect(events).toEqual([]);
    tracker.check(s(31));
    tracker.seen('ranker', s(40));
    tracker.check(s(45));
    tracker.check(s(71));
    expect(events).toEqual(['service-down ranker service', 'service-back ranker service', 'service-down ranker service']);
  });

  it('the same last report seen again (a scrape target that stopped answering) does not bring a service back', () => {
    const { tracker, events } = lifecycle();
    tracker.seen('server', s(0), 'service', 15);
    for (let t = 1; t <= 120; t++) {
      tracker.seen('server', s(0), 'service', 15);
      tracker.check(s(t));
    }
    expect(events).toEqual(['service-down server service']);
  });

  it('a scrape target is expected from the start: never answering, it is down', () => {
    const { tracker, events } = lifecycle();
    tracker.expect('server', s(0), 15);
    tracker.check(s(46));
    expect(events).toEqual(['service-down server service']);
  });

  it('removing a model reports it once; an unknown model is not removed', () => {
    const { tracker, events } = lifecycle();
    tracker.seen('ranker', s(0), 'service');
    expect(tracker.remove('ranker', s(1))).toBe(true);
    expect(tracker.remove('ranker', s(2))).toBe(false);
    tracker.check(s(1000));
    expect(events).toEqual(['removed ranker service']);
  });
});
