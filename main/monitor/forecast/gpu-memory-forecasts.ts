import type { GpuMemoryForecast } from '../../../shared/foresight';
import type { GpuSample } from '../../../shared/monitor';
import { FillForecast, type FillForecastOptions } from './fill-forecast';

/** GPU memory runs out in minutes, not days: a shorter window, read more often, than for disks. */
const gpuForecastOptions: FillForecastOptions = { windowMs: 30 * 60_000, everyMs: 30_000, minPoints: 10, minSpanMs: 5 * 60_000 };
const refitEveryMs = 30_000;

interface ProcessReadings {
  name: string;
  first: { at: number; bytes: number };
  last: { at: number; bytes: number };
}

/**
 * Out-of-memory ahead: free memory per GPU over the last 30 minutes, a robust line through it and
 * where it reaches zero, with the process whose memory grew most over that window named as the
 * likely cause.
 */
export class GpuMemoryForecasts {
  private readonly free = new Map<number, FillForecast>();
  private readonly processes = new Map<number, Map<number, ProcessReadings>>();
  private cache: { at: number; value: GpuMemoryForecast[] } | null = null;

  observe(at: number, gpus: readonly GpuSample[]): void {
    for (const gpu of gpus) {
      if (gpu.memoryUsedBytes === null || gpu.memoryTotalBytes === null) continue;
      let forecast = this.free.get(gpu.index);
      if (!forecast) this.free.set(gpu.index, (forecast = new FillForecast(gpuForecastOptions)));
      forecast.add(at, gpu.memoryTotalBytes - gpu.memoryUsedBytes);
      let byPid = this.processes.get(gpu.index);
      if (!byPid) this.processes.set(gpu.index, (byPid = new Map()));
      const present = new Set<number>();
      for (const p of gpu.processes) {
        if (p.memoryBytes === null) continue;
        present.add(p.pid);
        const known = byPid.get(p.pid);
        const reading = { at, bytes: p.memoryBytes };
        if (!known || known.name !== p.name) byPid.set(p.pid, { name: p.name, first: reading, last: reading });
        else {
          known.last = reading;
          // Growth is measured over the forecast window, like the free memory it explains.
          if (at - known.first.at > gpuForecastOptions.windowMs) known.first = reading;
        }
      }
      for (const pid of [...byPid.keys()]) if (!present.has(pid)) byPid.delete(pid);
    }
  }

  /** GPUs with enough history, nearest to full first (those not filling last). */
  forecasts(now: number): GpuMemoryForecast[] {
    if (this.cache && now - this.cache.at < refitEveryMs && now >= this.cache.at) return this.cache.value;
    const value: GpuMemoryForecast[] = [];
    for (const [gpu, forecast] of this.free) {
      const fill = forecast.forecast(now);
      if (!fill) continue;
      let grower: GpuMemoryForecast['process'] = null;
      for (const [pid, p] of this.processes.get(gpu) ?? []) {
        const seconds = (p.last.at - p.first.at) / 1000;
        const rate = seconds > 0 ? (p.last.bytes - p.first.bytes) / seconds : 0;
        if (rate > 0 && (!grower || rate > grower.bytesPerSecond)) grower = { pid, name: p.name, bytesPerSecond: rate };
      }
      value.push({ gpu, ...fill, process: fill.secondsToFull === null ? null : grower });
    }
    value.sort((a, b) => (a.secondsToFull ?? Infinity) - (b.secondsToFull ?? Infinity) || a.gpu - b.gpu);
    this.cache = { at: now, value };
    return value;
  }
}
