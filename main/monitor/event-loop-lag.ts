import { monitorEventLoopDelay, performance, type EventLoopUtilization, type Histogram, type IntervalHistogram } from 'node:perf_hooks';
import type { MonitorSample } from '../../shared/monitor';

/** The timer's period while the event loop is busy: fine enough for a p99 under load. */
export const busyResolutionMs = 10;
/**
 * The longest period of the timer while the loop is idle; the monitor takes a little over a third of
 * its sample interval when that is shorter (350 ms at the default 1 s). Each firing wakes the process from its
 * sleep, which costs a virtual machine 0.1–0.2 ms of CPU: at 10 ms that was most of an idle host's
 * cost. A stall still shows, less at most the period (the time between the timer's last firing and
 * the stall's start, which the timer does not see as late), and the period after it is sampled at
 * the busy resolution.
 */
export const idleResolutionMs = 500;

/**
 * The idle period for samples every `intervalMs`: two or three firings a sample, so one or two
 * intervals (see EventLoopLag). At exactly a third, a host's reads (its sample timer runs some
 * milliseconds late) held four firings about one read in fourteen, measured, and three intervals
 * are read by walking the histogram. The price: more reads hold a single interval, whose lag then
 * stands for the whole sample, which for an idle loop is what the two would have said.
 */
export function idlePeriodMs(intervalMs: number): number {
  return Math.min(idleResolutionMs, Math.ceil(intervalMs * 0.35));
}
/** Share of a period spent running callbacks above which the next period is sampled at the busy resolution. */
const busyUtilization = 0.02;

export type EventLoopLagReading = NonNullable<MonitorSample['eventLoopLagMs']>;

interface Sampler {
  histogram: IntervalHistogram;
  resolutionMs: number;
}

/**
 * How late this process's event loop runs a timer, from Node's own histogram (a timer sampled in
 * C++). Each read covers the time since the previous one and starts a new period, sampled every
 * 10 ms when the loop was busy in the period before (over 2 % of the time) and at the idle period
 * when it was idle, where nothing waits to be late.
 *
 * The histogram forgets its previous firing when it is reset or enabled, so the first firing of a
 * period only starts an interval: an idle period of two or three firings holds one or two intervals
 * (at sample intervals up to about 1.4 s). Those are read from the histogram's minimum and maximum, since its
 * mean and percentiles walk all of its buckets, which at one read a second cost more than the
 * timer's firings. A period too short to hold an interval (the one after a late sample) reads the
 * lateness of the caller's own timer, when the caller passes it.
 */
export class EventLoopLag {
  private readonly busy: Sampler = { histogram: monitorEventLoopDelay({ resolution: busyResolutionMs }), resolutionMs: busyResolutionMs };
  private readonly idle: Sampler;
  private active: Sampler;
  private utilization: EventLoopUtilization | null = null;

  /** `idleMs`: the idle period, `idlePeriodMs` of the caller's sample interval. */
  constructor(idleMs = idleResolutionMs) {
    this.idle = { histogram: monitorEventLoopDelay({ resolution: idleMs }), resolutionMs: idleMs };
    this.active = this.idle;
  }

  start(): void {
    if (this.utilization) return;
    this.utilization = performance.eventLoopUtilization();
    this.enable(this.idle);
  }

  stop(): void {
    this.utilization = null;
    this.active.histogram.disable();
  }

  /** The timer's period in the current period (busyResolutionMs or the idle one). */
  get resolutionMs(): number {
    return this.active.resolutionMs;
  }

  /**
   * Lag beyond the timer's own period, in milliseconds. `timerLateMs`: how late the caller's own timer
   * fired, read when the histogram holds no interval; without it, that reads null.
   */
  read(timerLateMs: number | null = null): EventLoopLagReading | null {
    const h = this.active.histogram;
    const reading = readLag(h, this.active.resolutionMs) ?? (timerLateMs === null ? null : { mean: timerLateMs, p50: timerLateMs, p99: timerLateMs, max: timerLateMs });
    h.reset();
    if (this.utilization) {
      const now = performance.eventLoopUtilization();
      const next = performance.eventLoopUtilization(now, this.utilization).utilization > busyUtilization ? this.busy : this.idle;
      this.utilization = now;
      if (next !== this.active) {
        h.disable();
        this.enable(next);
      }
    }
    return reading;
  }

  private enable(sampler: Sampler): void {
    // A histogram measures from its previous firing: reset, or the first interval would span the time it was off.
    sampler.histogram.reset();
    sampler.histogram.enable();
    this.active = sampler;
  }
}

/** A histogram of intervals between firings every `resolutionMs`, as lag readings; null when it holds none. */
export function readLag(h: Histogram, resolutionMs: number): EventLoopLagReading | null {
  const count = h.count;
  if (count === 0) return null;
  // The histogram holds whole intervals between firings (nanoseconds); the lag is what exceeds the period.
  const lag = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
  const min = h.min;
  const max = h.max;
  // One interval: the middle of its bucket, as the histogram's own mean takes it. Two: the median is
  // the smaller, the p99 the larger.
  if (count === 1) {
    const only = lag((min + max) / 2);
    return { mean: only, p50: only, p99: only, max: only };
  }
  if (count === 2) return { mean: lag((min + max) / 2), p50: lag(min), p99: lag(max), max: lag(max) };
  return { mean: lag(h.mean), p50: lag(h.percentile(50)), p99: lag(h.percentile(99)), max: lag(max) };
}
