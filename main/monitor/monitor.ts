import type { Config } from '../../shared/config';
import type { Anomaly, GpuMemoryForecast, GpuProcessRun, TimeToFull } from '../../shared/foresight';
import { AnomalySet, type AnomalyChange } from './anomaly/anomaly-set';
import { FillForecasts } from './forecast/fill-forecasts';
import { GpuMemoryForecasts } from './forecast/gpu-memory-forecasts';
import { renderForesightExposition } from './foresight-exposition';
import type { HistoryResponse, IngestRecord, MonitorSample } from '../../shared/monitor';
import { AppError } from '../../shared/result';
import type { MetricStore } from '../store/metric-store';
import { renderDcgm, sampleReadings } from './exposition/dcgm-exporter';
import { NodeExporter } from './exposition/node-exporter';
import { renderCollectorHealth } from './exposition/vigil-state';
import { renderTrainingRuns } from './exposition/training-runs';
import { GpuRuns, type GpuRunEvent } from './gpu/gpu-runs';
import { NvidiaSmiStream } from './gpu/nvidia-smi-stream';
import { LinuxSampler } from './linux-sampler';
import { EventLoopLag, idlePeriodMs } from './event-loop-lag';
import { ModelLifecycle, type ModelLifecycleEvent, type RunProgressState } from './model-lifecycle';
import { IngestRefused, ModelMetrics, modelSeriesStepMs } from './model-metrics';
import { renderExposition } from './prometheus-exposition';
import { sampleSeries } from './sample-series';
import { spreadPhaseMs } from './spread-phase';
import { ScrapeTarget } from './scrape/scrape-target';
import { SystemInformationSampler } from './system-information-sampler';
import type { SystemReading, SystemSampler } from './system-reading';
import { TopProcesses } from './top-processes';

export interface MonitorOptions {
  config: () => Config['monitor'];
  store: MetricStore | null;
  /** Each emitted sample with its flat `[series, value]` points, the shape the store and the alert rules take. */
  onSample: (sample: MonitorSample, series: [string, number][]) => void;
  /** Each emitted sample, for those who watch (sockets, the window): called before `onSample`, in a turn of its own. */
  publish?: (sample: MonitorSample) => void;
  /** Whether anyone receives the published samples now; the top processes are read only then. Always, when absent. */
  watched?: () => boolean;
  now?: () => number;
  sampler?: SystemSampler;
  /** A series turned anomalous, or calm again. */
  onAnomaly?: (change: AnomalyChange) => void;
  /** The GPU readings, for a simulated day; a `nvidia-smi` stream when absent. */
  gpu?: GpuSource;
  /** A run ended, a service went down or came back, a model was removed. */
  onModelEvent?: (event: ModelLifecycleEvent) => void;
  /** The model cap refused a new model (a message), or there is room again (null); called on change. */
  onModelCap?: (refusal: string | null) => void;
  /** A GPU process may be stalled, is busy again, or ended. */
  onGpuRun?: (event: GpuRunEvent) => void;
  /** The rest of the app's state in Prometheus text format (alerts, backups, drift), appended to /metrics. */
  appMetrics?: () => string;
}

export type GpuSource = Pick<NvidiaSmiStream, 'state' | 'message' | 'gpus'> & Partial<Pick<NvidiaSmiStream, 'readings' | 'processListFailures'>>;

/** Process listings that may fail in a row before the processes shown are too old to judge a run by. */
const staleProcessListings = 3;

/** The renderer needs a few samples a second at most, whatever the interval. */
const minEmitIntervalMs = 250;
const flushIntervalMs = 2000;
const flushSlicePoints = 1000;
const maintainIntervalMs = 60_000;
/**
 * Anomaly detectors of new series learn from the store a few milliseconds at a time, the event
 * loop turning between slices so requests wait that long at most; this many slices a tick.
 */
const primeSliceMs = 3;
const primeSlicesPerTick = 5;

/** Lets the event loop serve what is waiting (requests, sockets) before the next part of a tick. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Samples the system, GPUs and models on a timer and keeps the latest sample. Ticks never overlap:
 * the next is scheduled when the previous finished. Points are written to the store in batches.
 */
export class Monitor {
  private readonly now: () => number;
  private readonly sampler: SystemSampler;
  private readonly models: ModelMetrics;
  private readonly lifecycle: ModelLifecycle;
  private readonly processes = new TopProcesses();
  private readonly anomalies: AnomalySet;
  private readonly fills = new FillForecasts();
  private readonly gpuMemory = new GpuMemoryForecasts();
  private readonly gpuRuns: GpuRuns;
  private eventLoopLag: EventLoopLag | null = null;
  private gpuStream: NvidiaSmiStream | null = null;
  private readonly nodeExporter: NodeExporter;
  private scrapers: ScrapeTarget[] = [];
  private latestSample: MonitorSample | null = null;
  private latestCounters: SystemReading['counters'] | null = null;
  private latestProcesses: MonitorSample['processes'] = null;
  /** When the process list was last read (monotonic ms); null while nobody watches, so that a new watcher gets one at once. */
  private processesReadAt: number | null = null;
  /** When the store was last flushed (monotonic ms). */
  private flushedAt = -Infinity;
  private collectors: MonitorSample['collectors'] = {};
  private pending: [string, number, number][] = [];
  private flushing = false;
  private maintaining = false;
  /** Set by stop(): work that resumes after a turn of the event loop leaves the store alone. */
  private stopped = false;
  private timers: NodeJS.Timeout[] = [];
  private tickTimer: NodeJS.Timeout | undefined;
  private lastEmit = 0;
  private running = false;
  /** null until the first sample, which clears an alert an earlier run left open. */
  private modelCapReached: boolean | null = null;
  /** How many new models the last refused batch named: there is room again when that many fit. */
  private modelCapRefusedNew = 1;
  /** The step (its own, see spreadPhaseMs) in which each model's series were last stored. */
  private modelsStored = new Map<string, number>();

  constructor(private readonly options: MonitorOptions) {
    this.now = options.now ?? Date.now;
    this.sampler = options.sampler ?? (process.platform === 'linux' ? new LinuxSampler('/proc', this.now) : new SystemInformationSampler());
    this.models = new ModelMetrics(this.now, () => this.options.config().models);
    this.lifecycle = new ModelLifecycle({
      quietMs: () => this.options.config().modelQuietSeconds * 1000,
      forgetAfterMs: () => this.options.config().models.forgetAfterHours * 3_600_000,
      stalledMs: () => this.options.config().runStalledMinutes * 60_000,
      onEvent: (event) => {
        // A finished run leaves the samples (its stored history stays); a down service stays, showing its last figures.
        if (event.type === 'run-finished') this.models.remove(event.model);
        this.options.onModelEvent?.(event);
      },
    });
    this.nodeExporter = new NodeExporter({ now: this.now });
    this.gpuRuns = new GpuRuns({
      stall: () => ({ utilizationPercent: this.options.config().gpu.stalledUtilizationPercent, afterMs: this.options.config().gpu.stalledMinutes * 60_000 }),
      onEvent: (event) => this.options.onGpuRun?.(event),
    });
    const store = options.store;
    this.anomalies = new AnomalySet(
      () => this.options.config().anomaly,
      store
        ? (series, from, to, points) => {
            this.flushSeries([series]);
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
    this.stopped = false;
    const config = this.options.config();
    this.eventLoopLag = new EventLoopLag(idlePeriodMs(config.intervalMs));
    this.eventLoopLag.start();
    if (config.gpu.enabled && !this.options.gpu) {
      this.gpuStream = new NvidiaSmiStream({ binary: config.gpu.nvidiaSmi, intervalMs: config.intervalMs, processesIntervalMs: config.gpu.processesIntervalMs });
      this.gpuStream.start();
    }
    this.reconfigureScrapes();
    // The store's flush and the process list ride on the tick (see afterTick); a timer of their own
    // would wake the process more often, and on a virtual machine each wake-up costs more CPU than the work.
    if (this.options.store) this.every(maintainIntervalMs, () => this.maintain());
    // Rates need two readings: take the first now, so the first sample shown already has them.
    void this.sampler.read().finally(() => this.running && this.schedule(config.intervalMs));
  }

  stop(): void {
    this.running = false;
    this.stopped = true;
    this.eventLoopLag?.stop();
    clearTimeout(this.tickTimer);
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.gpuStream?.stop();
    this.processes.close();
    void this.sampler.close?.();
    this.flush();
  }

  /** Applies a changed config: interval, scrape targets. */
  reconfigure(): void {
    if (!this.running) return;
    this.reconfigureScrapes();
  }

  /** Keeps the records, or throws `IngestRefused` and keeps none of them. */
  ingest(records: IngestRecord[]): void {
    const known = this.models.modelCount;
    try {
      this.models.admit(records);
    } catch (error) {
      if (error instanceof IngestRefused && error.modelCap) {
        this.modelCapRefusedNew = error.newModels;
        if (!this.modelCapReached) {
          this.modelCapReached = true;
          this.options.onModelCap?.(error.message);
        }
      }
      throw error;
    }
    if (this.modelCapReached && this.models.modelCount > known) this.modelCapCleared();
    const at = this.now();
    for (const r of records) this.lifecycle.seen(r.model, at, r.kind, r.expectedIntervalSeconds, { step: r.gauges?.step, finished: r.finished });
  }

  /**
   * Forgets a model that will not report again; false when no such model is known. A scrape
   * target stays as long as it is configured, so it is refused.
   */
  removeModel(model: string): boolean {
    if (this.options.config().scrape.some((t) => t.model === model)) throw new AppError('conflict', `${model} is a scrape target: remove it from monitor.scrape instead`);
    this.models.remove(model);
    return this.lifecycle.remove(model, this.now());
  }

  /** Takes up a model that has alerts open from before a restart (see ModelLifecycle.resume). */
  resumeModel(model: string, at: number, down: boolean, stalled = false): void {
    this.lifecycle.resume(model, at, down, stalled);
  }

  /** The runs that report their progress, and whether each may be stalled. */
  runProgress(): RunProgressState[] {
    return this.lifecycle.runProgress();
  }

  /** One tick that feeds the listeners as the timer's do, without the timer (a simulated day). */
  async step(): Promise<MonitorSample> {
    const { sample, series } = await this.tick();
    this.options.publish?.(sample);
    this.options.onSample(sample, series);
    return sample;
  }

  /** One tick, also usable without the timer (the CLI, tests). */
  async sample(): Promise<MonitorSample> {
    return (await this.tick()).sample;
  }

  /** `timerLateMs`: how late the tick's timer fired, the lag reading of a period too short for the lag timer. */
  private async tick(timerLateMs: number | null = null): Promise<{ sample: MonitorSample; series: [string, number][] }> {
    const reading = await this.sampler.read();
    const at = this.now();
    for (const name of ['cpu', 'memory', 'load', 'network', 'diskio', 'filesystems']) this.report(name, reading.failures.get(name) ?? null, at);
    for (const s of this.scrapers) {
      this.report(`scrape:${s.target.model}`, s.lastError, s.lastOkAt ?? at);
      if (s.lastOkAt !== null) this.lifecycle.seen(s.target.model, s.lastOkAt, 'service', s.target.intervalSeconds);
    }
    this.lifecycle.check(at);
    const gpu = this.options.gpu ?? this.gpuStream;
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
      models: this.modelSnapshots(),
      processes: this.latestProcesses,
      collectors: { ...this.collectors },
    };
    const lag = this.running ? (this.eventLoopLag?.read(timerLateMs) ?? null) : null;
    if (lag) sample.eventLoopLagMs = lag;
    this.latestSample = sample;
    this.latestCounters = reading.counters;
    const series = sampleSeries(sample);
    if (this.options.store) {
      // Model figures are over a minute that slides in 10 s steps: stored at first sight and then once
      // a step, they cost a tenth of the rows (1 000 models would otherwise write 6 000 rows a second).
      // Each model has its own second in the step, so that no flush carries all of them. Alert rules
      // see every sample.
      const storedPeriods = new Map<string, number>();
      const due = new Set<string>();
      for (const { model } of sample.models) {
        const period = Math.floor((at - spreadPhaseMs(model, modelSeriesStepMs)) / modelSeriesStepMs);
        if (this.modelsStored.get(model) !== period) due.add(model);
        storedPeriods.set(model, period);
      }
      this.modelsStored = storedPeriods;
      for (const [name, value] of series) {
        if (name.startsWith('model.') && (due.size === 0 || !due.has(name.slice(name.indexOf('{') + 1, -1)))) continue;
        this.pending.push([name, at, value]);
      }
    }
    // With a thousand models, building the sample and scoring every series are each a few
    // milliseconds: separate turns, so that no request waits behind both.
    await nextTurn();
    if (this.stopped) return { sample, series }; // the store may be closed by now
    this.foresee(sample, series);
    let priming = this.anomalies.priming;
    for (let slice = 0; priming && slice < primeSlicesPerTick; slice++) {
      await nextTurn();
      if (this.stopped) break;
      priming = this.anomalies.primeSome(at, primeSliceMs);
    }
    return { sample, series };
  }

  private modelSnapshots(): MonitorSample['models'] {
    const models = this.models.snapshot();
    // Room for fewer models than the refused batch named is no room: that batch would be refused again.
    if (this.modelCapReached !== false && this.models.modelCount + this.modelCapRefusedNew <= this.options.config().models.maxModels) this.modelCapCleared();
    return models;
  }

  private modelCapCleared(): void {
    this.modelCapReached = false;
    this.modelCapRefusedNew = 1;
    this.options.onModelCap?.(null);
  }

  /** Everything for Prometheus: node_exporter's families (read now, or reused from the last sample), GPUs, models. */
  async metricsText(): Promise<string> {
    // Everything from the latest sample is taken now, before the files are read: one consistent moment.
    const gpu = this.options.gpu ?? this.gpuStream;
    const gpus = gpu ? renderDcgm(gpu.gpus, gpu.readings ?? sampleReadings(gpu.gpus)) : '';
    const rest =
      gpus + renderExposition(this.latestSample, this.latestCounters) + renderCollectorHealth(this.collectors) + (this.options.appMetrics?.() ?? '') +
      renderForesightExposition(this.anomalies.scores(), this.timeToFull(), this.gpuMemoryForecasts()) + renderTrainingRuns(this.gpuRuns.runs(), this.lifecycle.runProgress());
    const procText = this.latestCounters?.procText;
    const node = procText ? await this.nodeExporter.render(procText) : '';
    return node + rest;
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

  /** The processes holding GPU memory now, longest running first. */
  gpuProcesses(): GpuProcessRun[] {
    return this.gpuRuns.runs();
  }

  history(series: string[], from: number, to: number, points: number): HistoryResponse {
    if (!this.options.store) return { tier: 'raw', stepMs: 0, series: series.map((name) => ({ name, points: [] })) };
    this.flushSeries(series);
    return this.options.store.history(series, from, to, points, this.now(), this.options.config().retention);
  }

  seriesNames(): string[] {
    this.flush();
    return this.options.store?.seriesNames() ?? [];
  }

  /** Writes every pending point in one transaction. */
  flush(): void {
    if (!this.options.store || this.pending.length === 0) return;
    const points = this.pending;
    this.pending = [];
    this.options.store.write(points);
  }

  /**
   * Writes the pending points a few hundred at a time, one transaction each, the event loop
   * turning in between: each new series costs the store a page of its own, and a thousand models'
   * points in one transaction would hold requests up for tens of milliseconds.
   */
  private async flushGradually(): Promise<void> {
    if (this.flushing || !this.options.store) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0 && !this.stopped) {
        const slice = this.pending.slice(0, flushSlicePoints);
        this.options.store.write(slice); // throws before the points leave `pending`
        this.pending.splice(0, slice.length);
        if (this.pending.length > 0) await nextTurn();
      }
      if (this.collectors.store) this.report('store', null, this.now()); // it failed before: it works again
    } catch (error) {
      this.report('store', (error as Error).message, null); // a full disk, a busy database: the points wait for the next flush
    } finally {
      this.flushing = false;
    }
  }

  /** Writes the pending points of these series now, before they are read; the rest wait for the timer. */
  private flushSeries(names: readonly string[]): void {
    if (!this.options.store || this.pending.length === 0) return;
    const wanted = new Set(names);
    const now: [string, number, number][] = [];
    const later: [string, number, number][] = [];
    for (const point of this.pending) (wanted.has(point[0]) ? now : later).push(point);
    if (now.length === 0) return;
    this.pending = later;
    this.options.store.write(now);
  }

  /**
   * Moves staged points into the store's raw tier a slice at a time, the event loop turning in
   * between, then rolls up and prunes.
   */
  async maintain(): Promise<void> {
    const store = this.options.store;
    if (!store || this.maintaining) return;
    this.maintaining = true;
    try {
      this.flush();
      while (store.compactSome()) {
        await nextTurn();
        if (this.stopped) return; // the store may be closed; what is left moves when it opens again
      }
      store.maintain(this.now(), this.options.config().retention);
    } catch (error) {
      this.report('store', (error as Error).message, null);
    } finally {
      this.maintaining = false;
    }
  }

  /** Scores every series and feeds the fill forecasts; scores are stored like any series. */
  private foresee(sample: MonitorSample, series: [string, number][]): void {
    this.fills.observe(sample.at, sample.disks);
    this.gpuMemory.observe(sample.at, sample.gpu.devices);
    // A failing nvidia-smi says nothing about its processes: none of them has ended, none is judged on an old list.
    const listingFailures = (this.options.gpu ?? this.gpuStream)?.processListFailures ?? 0;
    if (sample.gpu.state === 'ok' && listingFailures < staleProcessListings) this.gpuRuns.observe(sample.at, sample.gpu.devices);
    const { stored, changes } = this.anomalies.observe(series, sample.at);
    if (this.options.store) this.pending.push(...stored);
    for (const change of changes) this.options.onAnomaly?.(change);
  }

  private schedule(delay: number): void {
    const due = performance.now() + delay;
    this.tickTimer = setTimeout(async () => {
      if (!this.running) return;
      const late = Math.max(0, performance.now() - due);
      const started = this.now();
      try {
        const { sample, series } = await this.tick(late);
        if (this.running && sample.at - this.lastEmit >= minEmitIntervalMs) {
          this.lastEmit = sample.at;
          // Delivery to sockets and the alert rules are each a turn of their own.
          await nextTurn();
          if (this.running) this.options.publish?.(sample);
          await nextTurn();
          if (this.running) this.options.onSample(sample, series);
        }
      } catch (error) {
        this.report('monitor', (error as Error).message, null);
      } finally {
        if (this.running) await this.afterTick(); // even after a failed tick: the points already taken are flushed
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

  /**
   * What follows a tick, each in a turn of its own: the store's flush every `flushIntervalMs`, and
   * the process list every `processesIntervalMs` (at most once a tick). Timed on the monotonic
   * clock, so a wall-clock jump never holds either back; half an interval of slack keeps a tick that
   * fires a little early from putting either off by a whole interval.
   */
  private async afterTick(): Promise<void> {
    const now = performance.now();
    const slack = this.options.config().intervalMs / 2;
    if (now - this.flushedAt >= flushIntervalMs - slack) {
      this.flushedAt = now;
      await nextTurn();
      await this.flushGradually();
    }
    // Scanning every process is most of the monitor's work, and only the Overview shows the result:
    // with no window or browser receiving samples, it waits for one, and reads at once when one comes.
    if (!this.running) return;
    if (this.options.watched?.() === false) this.processesReadAt = null;
    else if (this.processesReadAt === null || now - this.processesReadAt >= this.options.config().processesIntervalMs - slack) {
      this.processesReadAt = now;
      await nextTurn();
      if (this.running) await this.refreshProcesses();
    }
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
    const at = this.now();
    for (const s of this.scrapers) {
      if (targets.some((t) => t.model === s.target.model)) continue;
      this.models.remove(s.target.model);
      this.lifecycle.remove(s.target.model, at);
    }
    for (const t of targets) this.lifecycle.expect(t.model, at, t.intervalSeconds);
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
