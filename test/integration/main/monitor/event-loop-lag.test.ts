import { describe, expect, it } from 'vitest';
import { createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { busyResolutionMs, EventLoopLag, idlePeriodMs, readLag } from '../../../../main/monitor/event-loop-lag';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('EventLoopLag on this process’s event loop', () => {
  // Read once a second, as the monitor does at its default interval, which sets the idle period to a little over a third of it.
  it('samples every 350 ms while the loop idles and every 10 ms after a busy period, without carrying time across a switch', async () => {
    const idleMs = idlePeriodMs(1000);
    expect(idleMs).toBe(350);
    const lag = new EventLoopLag(idleMs);
    lag.start();
    try {
      await sleep(1000);
      lag.read(); // whatever the test runner did before is in this period
      await sleep(1000);
      const idle = lag.read();
      expect(lag.resolutionMs).toBe(idleMs);
      expect(idle).not.toBeNull();

      // Half the time in 30 ms callbacks: a busy loop, sampled finely from the next period on.
      const busyUntil = performance.now() + 1000;
      while (performance.now() < busyUntil) {
        busyFor(30);
        await sleep(5);
      }
      const busy = lag.read();
      expect(busy).not.toBeNull();
      expect(lag.resolutionMs).toBe(busyResolutionMs);

      // The fine histogram was off for seconds before this period: none of that time may show as lag.
      await sleep(1000);
      const quiet = lag.read();
      expect(quiet).not.toBeNull();
      expect(quiet!.max).toBeLessThan(500);
      expect(lag.resolutionMs).toBe(idleMs);
    } finally {
      lag.stop();
    }
  });

  it('shows a stall in an idle period in its p99 and max, not its median', async () => {
    const lag = new EventLoopLag(100);
    lag.start();
    try {
      // Until a period was idle, so the next one is sampled every 100 ms.
      do {
        await sleep(250);
        lag.read();
      } while (lag.resolutionMs !== 100);
      await sleep(210); // intervals on time…
      busyFor(300); // …and one late by about the stall
      await sleep(20);
      const reading = lag.read();
      expect(reading).not.toBeNull();
      expect(reading!.p50).toBeLessThan(50);
      expect(reading!.max).toBeGreaterThanOrEqual(150);
      expect(reading!.p99).toBeLessThanOrEqual(reading!.max);
    } finally {
      lag.stop();
    }
  });

  // Three intervals or more are read by walking all of the histogram's buckets: the idle period keeps
  // a sample's window to one or two, even when the sample's own timer runs late. (At a third of the
  // interval, each late sample shifts the timer's phase by 31 ms: twelve of them cross a 4-firing window.)
  it('holds one or two intervals in each 1 s sample whose timer fires 30 ms late, at the idle period for 1 s', async () => {
    const h = monitorEventLoopDelay({ resolution: idlePeriodMs(1000) });
    h.enable();
    const samples: { count: number; windowMs: number }[] = [];
    try {
      const start = performance.now();
      let previous = start;
      for (let read = 1; read <= 12; read++) {
        await sleep(start + read * 1030 - performance.now());
        const now = performance.now();
        samples.push({ count: h.count, windowMs: now - previous });
        h.reset();
        previous = now;
      }
    } finally {
      h.disable();
    }
    // A window this test's own timer stretched near 3 periods of 350 ms (a busy machine) may hold a fourth firing: it proves nothing.
    const judged = samples.filter((s) => s.windowMs < 1045);
    const shown = samples.map((s) => `${s.count} in ${s.windowMs.toFixed(0)} ms`).join(', ');
    expect(judged.length, shown).toBeGreaterThanOrEqual(8);
    expect(judged.filter((s) => s.count < 1 || s.count > 2), shown).toEqual([]);
  }, 20_000);

  it('reads null until its timer ended an interval, or the lateness of the caller’s timer when it passes it', () => {
    const lag = new EventLoopLag();
    lag.start();
    expect(lag.read()).toBeNull();
    expect(lag.read(12.5)).toEqual({ mean: 12.5, p50: 12.5, p99: 12.5, max: 12.5 });
    lag.stop();
  });
});

// Node's histogram as the timer fills it, filled here with intervals of known length.
describe('readLag', () => {
  const ms = 1e6;
  const filled = (...intervalsMs: number[]) => {
    const h = createHistogram();
    for (const interval of intervalsMs) h.record(Math.round(interval * ms));
    return h;
  };
  // The histogram keeps 3 significant digits: a reading is within a thousandth of an interval.
  const close = (reading: Record<string, number> | null, expected: Record<string, number>) => {
    expect(reading).not.toBeNull();
    for (const [key, value] of Object.entries(expected)) expect(Math.abs(reading![key]! - value), key).toBeLessThan(0.6);
  };

  it('reads none for an empty histogram', () => {
    expect(readLag(createHistogram(), 333)).toBeNull();
  });

  it('reads one interval as every figure', () => {
    close(readLag(filled(383), 333), { mean: 50, p50: 50, p99: 50, max: 50 });
  });

  it('reads two: the median is the shorter, the p99 and max the longer, the mean between', () => {
    close(readLag(filled(333.2, 633), 333), { mean: 150, p50: 0.2, p99: 300, max: 300 });
  });

  it('reads three or more from the histogram walk, and an interval shorter than the period as no lag', () => {
    // The mean interval less the period: (330 + 340 + 633) / 3 − 333.
    close(readLag(filled(330, 340, 633), 333), { mean: 101.33, p50: 7, p99: 300, max: 300 });
  });
});
