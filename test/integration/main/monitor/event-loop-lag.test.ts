import { describe, expect, it } from 'vitest';
import { busyResolutionMs, EventLoopLag } from '../../../../main/monitor/event-loop-lag';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('EventLoopLag on this process’s event loop', () => {
  // Read once a second, as the monitor does at its default interval, which sets the idle period to a third of it.
  it('samples every 333 ms while the loop idles and every 10 ms after a busy period, without carrying time across a switch', async () => {
    const idleMs = 333;
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

  it('reads a period of two intervals, one of them a stall, as a median on time and a p99 and max that show the stall', async () => {
    const lag = new EventLoopLag(100);
    lag.start();
    try {
      // Until a period was idle, so the next one is sampled every 100 ms.
      do {
        await sleep(250);
        lag.read();
      } while (lag.resolutionMs !== 100);
      // The period's first firing (≈100 ms in) only starts an interval; the second ends one on time;
      // the third comes late by about the stall and ends the second interval.
      await sleep(210);
      busyFor(300);
      await sleep(20);
      const reading = lag.read();
      expect(reading).not.toBeNull();
      expect(reading!.p50).toBeLessThan(50);
      expect(reading!.max).toBeGreaterThanOrEqual(150);
      expect(reading!.p99).toBe(reading!.max);
      expect(reading!.mean).toBeCloseTo((reading!.p50 + reading!.max) / 2, 6);
    } finally {
      lag.stop();
    }
  });

  it('reads null until its timer fired once', () => {
    const lag = new EventLoopLag();
    lag.start();
    expect(lag.read()).toBeNull();
    lag.stop();
  });
});
