import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { MonitorSample } from '../../shared/monitor';

const resolutionMs = 10;

export type EventLoopLagReading = NonNullable<MonitorSample['eventLoopLagMs']>;

/**
 * How late this process's event loop runs a timer, from Node's own histogram (a 10 ms timer
 * sampled in C++). Each read covers the time since the previous one and starts a new period.
 */
export class EventLoopLag {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: resolutionMs });

  start(): void {
    this.histogram.enable();
  }

  stop(): void {
    this.histogram.disable();
  }

  /** Lag beyond the timer's own period, in milliseconds; null before the timer fired once. */
  read(): EventLoopLagReading | null {
    const h = this.histogram;
    if (h.count === 0) return null;
    // The histogram holds whole intervals between ticks (nanoseconds); the lag is what exceeds the period.
    const lag = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
    const reading = { mean: lag(h.mean), p50: lag(h.percentile(50)), p99: lag(h.percentile(99)), max: lag(h.max) };
    h.reset();
    return reading;
  }
}
