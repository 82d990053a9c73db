import type { Config } from '../../shared/config';
import type { Anomaly, GpuMemoryForecast, TimeToFull } from '../../shared/foresight';
import { AnomalySet, type AnomalyChange } from './anomaly/anomaly-set';
import { FillForecasts } from './forecast/fill-forecasts';
import { GpuMemoryForecasts } from './forecast/gpu-memory-forecasts';
import { renderForesightExposition } from './foresight-exposition';
import type { HistoryResponse, IngestRecord, MonitorSample } from '../../shared/monitor';
import type { MetricStore } from '../store/metric-store';
import { NvidiaSmiStream } from './gpu/nvidia-smi-stream';
import { LinuxSampler } from './linux-sampler';
import { ModelMetrics } from './model-metrics';
import { renderExposition } from './prometheus-exposition';
import { sampleSeries } from './sample-series';
import { ScrapeTarget } from './scrape/scrape-target';
import { SystemInformationSampler } from './system-information-sampler';
import type { SystemReading, SystemSampler } from './system-reading';
import { TopProcesses } from './top-processes';

export interface MonitorOptions {
  config: () => Config['monitor'];
  store: MetricStore | null;
  /** Each emitted sample with its flat `[series, value]` points, the shape the store and the alert rules take. */
  onSample: (sample: MonitorSample, series: [string, number][]) => void;
  now?: () => number;
  sampler?: SystemSampler;
  /** A series turned anomalous, or calm again. */
  onAnomaly?: (change: AnomalyChange) => void;
}

/** The renderer needs a few samples a second at most, whatever the interval. */
const minEmitIntervalMs = 250;
const flushIntervalMs = 2000;
const maintainIntervalMs = 60_000;

/**
 * Samples the system, GPUs and models on a timer and keeps the latest sample. Ticks never overlap:
 * the next is scheduled when the previous finished. Points are written to the store in batches.
 */
export class Monitor {
  private readonly now: () => number;
  private readonly sampler: SystemSampler;
  private readonly models: ModelMetrics;
  private readonly processes = new TopProcesses();
  private readonly anomalies: AnomalySet;
  private readonly fills = new FillForecasts();
  private readonly gpuMemory = new GpuMemoryForecasts();
  private gpu: NvidiaSmiStream | null = null;
  private scrapers: ScrapeTarget[] = [];
  private latestSample: MonitorSample | null = null;
  private latestCounters: SystemReading['counters'] | null = null;
  private latestProcesses: MonitorSample['processes'] = null;
  private collectors: MonitorSample['collectors'] = {};
  private pending: [string, number, number][] = [];
  private timers: NodeJS.Timeout[] = [];
  private tickTimer: NodeJS.Timeout | undefined;
  private lastEmit = 0;
  private running = false;

  constructor(private readonly options: MonitorOptions) {
    this.now = options.now ?? Date.now;
    this.sampler = options.sampler ?? (process.platform === 'linux' ? new LinuxSampler('/proc', this.now) : new SystemInformationSampler());
    this.models = new ModelMetrics(this.now);
    const store = options.store;
    this.anomalies = new AnomalySet(
      () => this.options.config().anomaly,
      store
        ? (series, from, to, points) => {
            this.flush();
            return store.history([series], from, to, points, this.now(), this.options.config().retention).series[0]!.points.map(([at, avg]) => [at, avg]);
          }
        : undefined,
    );
  }

  get latest(): MonitorSample | null {
    return this.latestSample;
  }

  get paused(): boolean {
    return !this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const config = this.options.config();
    if (config.gpu.enabled) {
      this.gpu = new NvidiaSmiStream({ binary: config.gpu.nvidiaSmi, intervalMs: config.intervalMs, processesIntervalMs: config.gpu.processesIntervalMs });
      this.gpu.start();
    }
    this.reconfigureScrapes();
    this.every(config.processesIntervalMs, () => this.refreshProcesses());
    void this.refreshProcesses();
    if (this.options.store) {
      this.every(flushIntervalMs, () => this.flush());
      this.every(maintainIntervalMs, () => this.maintain());
    }
    // Rates need two readings: take the first now, so the first sample shown already has them.
    void this.sampler.read().finally(() => this.running && this.schedule(config.intervalMs));
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.tickTimer);
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.gpu?.stop();
    void this.sampler.close?.();
    this.flush();
  }

  /** Applies a changed config: interval, scrape targets. */
  reconfigure(): void {
    if (!this.running) return;
    this.reconfigureScrapes();
  }

  ingest(records: IngestRecord[]): void {
    this.models.ingest(records);
  }

  /** One tick, also usable without the timer (the CLI, tests). */
  async sample(): Promise<MonitorSample> {
    return (await this.tick()).sample;
  }

  private async tick(): Promise<{ sample: MonitorSample; series: [string, number][] }> {
    const reading = await this.sampler.read();
    const at = this.now();
    for (const name of ['cpu', 'memory', 'load', 'network', 'diskio', 'filesystems']) this.report(name, reading.failures.get(name) ?? null, at);
    for (const s of this.scrapers) this.report(`scrape:${s.target.model}`, s.lastError, s.lastOkAt ?? at);
    const gpu = this.gpu;
    if (gpu) this.report('gpu', gpu.state === 'failed' ? gpu.message : null, at);
    const sample: MonitorSample = {
      at,
      cpu: reading.cpu,
      memory: reading.memory,
      disks: reading.disks,
      diskIo: reading.diskIo,
      network: reading.network,
      gpu: gpu
        ? { state: gpu.state, message: gpu.message, devices: gpu.gpus }
        : { state: 'absent', message: 'GPU monitoring is turned off (monitor.gpu.enabled)', devices: [] },
      models: this.models.snapshot(),
      processes: this.latestProcesses,
      collectors: { ...this.collectors },
    };
    this.latestSample = sample;
    this.latestCounters = reading.counters;
    const series = sampleSeries(sample);
    if (this.options.store) for (const [name, value] of series) this.pending.push([name, at, value]);
    this.foresee(sample, series);
    return { sample, series };
  }

  metricsText(): string {
    return renderExposition(this.latestSample, this.latestCounters) + renderForesightExposition(this.anomalies.scores(), this.timeToFull(), this.gpuMemoryForecasts());
  }

  /** Anomalous steps of any series since `since` (the last hour at most), newest first. */
  recentAnomalies(since: number): Anomaly[] {
    return this.anomalies.recent(since);
  }

  /** Time-to-full forecasts per mount, nearest first. */
  timeToFull(): TimeToFull[] {
    return this.fills.forecasts(this.now());
  }

  /** Out-of-memory-ahead forecasts per GPU, nearest first. */
  gpuMemoryForecasts(): GpuMemoryForecast[] {
    return this.gpuMemory.forecasts(this.now());
  }

  history(series: string[], from: number, to: number, points: number): HistoryResponse {
    if (!this.options.store) return { tier: 'raw', stepMs: 0, series: series.map((name) => ({ name, points: [] })) };
    this.flush();
    return this.options.store.history(series, from, to, points, this.now(), this.options.config().retention);
  }

  seriesNames(): string[] {
    this.flush();
    return this.options.store?.seriesNames() ?? [];
  }

  flush(): void {
    if (!this.options.store || this.pending.length === 0) return;
    const points = this.pending;
    this.pending = [];
    this.options.store.write(points);
  }

  maintain(): void {
    this.flush();
    this.options.store?.maintain(this.now(), this.options.config().retention);
  }

  /** Scores every series and feeds the fill forecasts; scores are stored like any series. */
  private foresee(sample: MonitorSample, series: [string, number][]): void {
    this.fills.observe(sample.at, sample.disks);
    this.gpuMemory.observe(sample.at, sample.gpu.devices);
    const { stored, changes } = this.anomalies.observe(series, sample.at);
    if (this.options.store) this.pending.push(...stored);
    for (const change of changes) this.options.onAnomaly?.(change);
  }

  private schedule(delay: number): void {
    this.tickTimer = setTimeout(async () => {
      if (!this.running) return;
      const started = this.now();
      try {
        const { sample, series } = await this.tick();
        if (sample.at - this.lastEmit >= minEmitIntervalMs) {
          this.lastEmit = sample.at;
          this.options.onSample(sample, series);
        }
      } catch (error) {
        this.report('monitor', (error as Error).message, null);
      } finally {
        if (this.running) this.schedule(Math.max(0, this.options.config().intervalMs - (this.now() - started)));
      }
    }, delay);
    this.tickTimer.unref();
  }

  private every(ms: number, work: () => unknown): void {
    const timer = setInterval(() => void work(), ms);
    timer.unref();
    this.timers.push(timer);
  }

  private async refreshProcesses(): Promise<void> {
    try {
      const top = await this.processes.read();
      this.latestProcesses = { at: this.now(), ...top };
      this.report('processes', null, this.now());
    } catch (error) {
      this.report('processes', (error as Error).message, null);
    }
  }

  private reconfigureScrapes(): void {
    const targets = this.options.config().scrape;
    this.scrapers = targets.map((t) => this.scrapers.find((s) => JSON.stringify(s.target) === JSON.stringify(t)) ?? new ScrapeTarget(t, this.models, this.now));
    for (const timer of this.scrapeTimers.splice(0)) clearInterval(timer);
    for (const scraper of this.scrapers) {
      void scraper.scrape();
      const timer = setInterval(() => void scraper.scrape(), scraper.target.intervalSeconds * 1000);
      timer.unref();
      this.scrapeTimers.push(timer);
      this.timers.push(timer);
    }
  }

  private readonly scrapeTimers: NodeJS.Timeout[] = [];

  private report(name: string, error: string | null, at: number | null): void {
    const previous = this.collectors[name];
    this.collectors[name] = error === null ? { ok: true, error: null, lastOkAt: at } : { ok: false, error, lastOkAt: previous?.lastOkAt ?? null };
  }
}
