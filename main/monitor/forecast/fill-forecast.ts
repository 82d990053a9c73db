import { theilSen } from './theil-sen';

export interface FillForecastOptions {
  /** The regression window. */
  windowMs: number;
  /** One reading kept per this interval (the fit stays a few hundred points). */
  everyMs: number;
  /** Readings and time span needed before a forecast is made. */
  minPoints: number;
  minSpanMs: number;
}

export const defaultFillForecastOptions: FillForecastOptions = { windowMs: 6 * 3_600_000, everyMs: 60_000, minPoints: 10, minSpanMs: 10 * 60_000 };

export interface Fill {
  /** Free bytes on the fitted line now. */
  availableBytes: number;
  /** Change of free bytes per second (negative while filling). */
  bytesPerSecond: number;
  /** Seconds until no space is left at this rate; null when not filling. */
  secondsToFull: number | null;
}

/**
 * Time until a filesystem is full: free space over the last `windowMs`, a robust line through it,
 * and where that line reaches zero. The same question Prometheus answers with
 * `predict_linear(node_filesystem_avail_bytes[6h], …)`, robust to a big file that came and went.
 */
export class FillForecast {
  private readonly times: number[] = [];
  private readonly free: number[] = [];

  constructor(private readonly options: FillForecastOptions = defaultFillForecastOptions) {}

  add(at: number, availableBytes: number): void {
    if (!Number.isFinite(availableBytes)) return;
    const last = this.times.at(-1);
    if (last !== undefined && at - last < this.options.everyMs) return;
    this.times.push(at);
    this.free.push(availableBytes);
    while (this.times[0]! < at - this.options.windowMs) {
      this.times.shift();
      this.free.shift();
    }
  }

  forecast(now: number): Fill | null {
    const o = this.options;
    if (this.times.length < o.minPoints || this.times.at(-1)! - this.times[0]! < o.minSpanMs) return null;
    // Seconds relative to now, so the intercept is the free space now.
    const line = theilSen(this.times.map((t) => (t - now) / 1000), this.free);
    if (!line) return null;
    const availableBytes = Math.max(0, line.intercept);
    return { availableBytes, bytesPerSecond: line.slope, secondsToFull: line.slope < 0 ? availableBytes / -line.slope : null };
  }
}
