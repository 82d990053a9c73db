import type { MonitorSample } from '../../../shared/monitor';
import type { TimeToFull } from '../../../shared/foresight';
import { FillForecast } from './fill-forecast';

const refitEveryMs = 30_000;

/** A time-to-full forecast per mount, refitted at most every 30 s. */
export class FillForecasts {
  private readonly byMount = new Map<string, FillForecast>();
  private cache: { at: number; value: TimeToFull[] } | null = null;

  observe(at: number, disks: MonitorSample['disks']): void {
    for (const disk of disks) {
      let forecast = this.byMount.get(disk.mount);
      if (!forecast) this.byMount.set(disk.mount, (forecast = new FillForecast()));
      forecast.add(at, disk.availableBytes);
    }
  }

  /** Mounts with enough history, nearest to full first (those not filling last). */
  forecasts(now: number): TimeToFull[] {
    if (this.cache && now - this.cache.at < refitEveryMs && now >= this.cache.at) return this.cache.value;
    const value: TimeToFull[] = [];
    for (const [mount, forecast] of this.byMount) {
      const fill = forecast.forecast(now);
      if (fill) value.push({ mount, ...fill });
    }
    value.sort((a, b) => (a.secondsToFull ?? Infinity) - (b.secondsToFull ?? Infinity) || a.mount.localeCompare(b.mount));
    this.cache = { at: now, value };
    return value;
  }
}
