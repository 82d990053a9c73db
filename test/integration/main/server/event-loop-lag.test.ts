import parsePrometheus from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idlePeriodMs } from '../../../../main/monitor/event-loop-lag';
import { startTestHost, type TestHost } from '../../../helpers/running-host';

describe('event-loop lag of the host', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ config: { monitor: { intervalMs: 500, gpu: { enabled: false } } } });
  });
  afterAll(() => host.stop());

  const lagFamilies = async () => {
    const text = await (await fetch(`${host.origin}/metrics`, { headers: { authorization: `Bearer ${host.tokens.metrics}` } })).text();
    return new Map(parsePrometheus(text).filter((f) => f.name.startsWith('nodejs_eventloop_lag')).map((f) => [f.name, Number(f.metrics[0]!.value)]));
  };

  it('is in every sample and on /metrics under prom-client names, and a stall shows up in it', async () => {
    await expect.poll(() => host.app.monitor.latest?.eventLoopLagMs, { timeout: 5000 }).toBeDefined();
    const families = await lagFamilies();
    expect([...families.keys()].sort()).toEqual(['nodejs_eventloop_lag_max_seconds', 'nodejs_eventloop_lag_p50_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_eventloop_lag_seconds']);
    for (const value of families.values()) expect(value).toBeGreaterThanOrEqual(0);

    let worstMs = 0;
    host.app.events.on('monitor.sample', (sample) => (worstMs = Math.max(worstMs, sample.eventLoopLagMs?.max ?? 0)));
    const stallMs = 500;
    const blockedUntil = performance.now() + stallMs;
    while (performance.now() < blockedUntil); // the host's event loop stalls for 500 ms
    // The host was idle, so its timer fires every idle period (166 ms at 500 ms samples): the stall
    // shows in full less the time from the timer's last firing to the stall's start, at most that period.
    await expect.poll(() => worstMs, { timeout: 5000 }).toBeGreaterThanOrEqual(stallMs - idlePeriodMs(500));
  });
});

describe('event-loop lag of a host sampling faster than the idle timer fires', () => {
  it('is in every sample all the same', async () => {
    const host = await startTestHost({ config: { monitor: { intervalMs: 100, gpu: { enabled: false } } } });
    try {
      const samples: boolean[] = [];
      await new Promise((resolve) => setTimeout(resolve, 500)); // past the first samples, which come before any timer fired
      const stop = host.app.events.on('monitor.sample', (sample) => samples.push(sample.eventLoopLagMs !== undefined));
      await expect.poll(() => samples.length, { timeout: 5000 }).toBeGreaterThanOrEqual(10);
      stop();
      expect(samples.every(Boolean)).toBe(true);
    } finally {
      await host.stop();
    }
  });
});
