import { describe, expect, it } from 'vitest';
import { busyResolutionMs, EventLoopLag, idleResolutionMs } from '../../../../main/monitor/event-loop-lag';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('EventLoopLag on this process’s event loop', () => {
  it('samples every 250 ms while the loop idles and every 10 ms after a busy period, without carrying time across a switch', async () => {
    const lag = new EventLoopLag();
    lag.start();
    try {
      await sleep(1000);
      lag.read(); // whatever the test runner did before is in this period
      await sleep(1000);
      const idle = lag.read();
      expect(lag.resolutionMs).toBe(idleResolutionMs);
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
      expect(lag.resolutionMs).toBe(idleResolutionMs);
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
