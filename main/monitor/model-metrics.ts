import type { IngestRecord, ModelSnapshot } from '../../shared/monitor';
import { LatencySketch } from './latency-sketch';

/** The sliding minute is six 10-second sub-windows: it covers the last 50 to 60 seconds. */
const slotMs = 10_000;
const slotCount = 6;
const windowMs = slotMs * slotCount;
/** How often a model's figures change other than by new reports: the step the window slides by. */
export const modelSeriesStepMs = slotMs;
/** Timestamps further from now than this are refused: a wrong clock or unit, not a late report. */
export const maxTimestampAgeMs = 3_600_000;
export const maxTimestampAheadMs = 5 * 60_000;
const quantileLevels = [0.5, 0.95, 0.99] as const;

export interface ModelLimits {
  /** Distinct models tracked; a record for a new model beyond it is refused. */
  maxModels: number;
  /** Distinct gauge names per model. */
  maxGaugesPerModel: number;
  /** A model that reported nothing for this long is forgotten (and frees its place). */
  forgetAfterHours: number;
}

export const defaultModelLimits: ModelLimits = { maxModels: 1000, maxGaugesPerModel: 50, forgetAfterHours: 24 };

interface Slot {
  /** Which 10-second period (at / slotMs) the slot holds now. */
  period: number;
  predictions: number;
  errors: number;
  latencies: LatencySketch | null;
}

interface ModelState {
  slots: Slot[];
  /** The sum of the slots' latency sketches, kept as slots fill and expire. */
  window: LatencySketch;
  /** Quantiles from a scraped histogram replace the ingested latencies when present. */
  scraped: { at: number; p50: number; p95: number; p99: number } | null;
  predictionsTotal: number;
  errorsTotal: number;
  gauges: Map<string, number>;
  firstSeenAt: number;
  lastSeenAt: number;
}

/** Why a batch was refused; nothing of it was kept. */
export class IngestRefused extends Error {
  constructor(
    message: string,
    /** The model cap was the reason: worth an alert, not only an error for the sender. */
    readonly modelCap = false,
    /** How many new models the refused batch named (model cap refusals only). */
    readonly newModels = 0,
  ) {
    super(message);
  }
}

/**
 * Per-model prediction counts, errors and latency quantiles over a sliding minute, from ingested
 * batches and scraped endpoints. State is bounded: a few counters and a quantile sketch per
 * sub-window per model, a capped number of models and gauges, whatever the request rate. Adding a
 * latency is O(1); a snapshot is O(models × bins), never O(latencies).
 */
export class ModelMetrics {
  private readonly models = new Map<string, ModelState>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limits: () => ModelLimits = () => defaultModelLimits,
  ) {}

  get modelCount(): number {
    return this.models.size;
  }

  /** Throws `IngestRefused` (keeping nothing) when the records break a bound; else keeps them all. */
  admit(records: readonly IngestRecord[]): void {
    const now = this.now();
    const { maxModels, maxGaugesPerModel } = this.limits();
    const newModels = new Set<string>();
    const newGauges = new Map<string, Set<string>>();
    for (const record of records) {
      if (record.timestamp !== undefined) {
        const at = toMillis(record.timestamp);
        if (at < now - maxTimestampAgeMs || at > now + maxTimestampAheadMs) {
          throw new IngestRefused(
            `timestamp ${record.timestamp} of model ${record.model} is ${new Date(at).toISOString()}, more than ${at < now ? '1 hour before' : '5 minutes after'} ` +
              `this host's clock (${new Date(now).toISOString()}); send epoch seconds or milliseconds, or leave it out to mean now`,
          );
        }
      }
      const state = this.models.get(record.model);
      if (!state) newModels.add(record.model);
      const names = Object.keys(record.gauges ?? {}).filter((name) => !state?.gauges.has(name));
      if (names.length === 0) continue;
      const added = newGauges.get(record.model) ?? new Set<string>();
      for (const name of names) added.add(name);
      newGauges.set(record.model, added);
      if ((state?.gauges.size ?? 0) + added.size > maxGaugesPerModel) {
        throw new IngestRefused(`model ${record.model} would have more than ${maxGaugesPerModel} gauges (monitor.models.maxGaugesPerModel); reuse gauge names instead of putting values in them`);
      }
    }
    if (newModels.size > 0 && this.models.size + newModels.size > maxModels) {
      const examples = [...newModels].slice(0, 3).join(', ');
      throw new IngestRefused(
        `Vigil tracks at most ${maxModels} models (monitor.models.maxModels) and ${this.models.size} are known; refused new model${newModels.size > 1 ? 's' : ''} ${examples}` +
          `${newModels.size > 3 ? ', …' : ''}. Models silent for ${this.limits().forgetAfterHours} h are forgotten, or raise the limit.`,
        true,
        newModels.size,
      );
    }
    this.ingest(records);
  }

  /** Keeps the records without checking bounds: for scrape targets, which the config bounds. */
  ingest(records: readonly IngestRecord[]): void {
    const now = this.now();
    const currentPeriod = Math.floor(now / slotMs);
    for (const record of records) {
      const at = record.timestamp === undefined ? now : toMillis(record.timestamp);
      const state = this.state(record.model, at);
      const predictions = record.predictions ?? record.latency_ms?.length ?? 0;
      const errors = record.errors ?? 0;
      state.predictionsTotal += predictions;
      state.errorsTotal += errors;
      for (const [name, value] of Object.entries(record.gauges ?? {})) state.gauges.set(name, value);
      // A report from slightly ahead of this clock counts as now; one older than the window only in the totals.
      const slot = this.slot(state, Math.min(Math.floor(at / slotMs), currentPeriod), currentPeriod);
      if (!slot) continue;
      slot.predictions += predictions;
      slot.errors += errors;
      const latencies = record.latency_ms;
      if (!latencies?.length) continue;
      slot.latencies ??= new LatencySketch();
      for (const ms of latencies) {
        slot.latencies.add(ms);
        state.window.add(ms);
      }
    }
  }

  /** Latency quantiles (milliseconds) computed elsewhere, e.g. from a scraped histogram. */
  recordQuantiles(model: string, at: number, quantiles: { p50: number; p95: number; p99: number }): void {
    this.state(model, at).scraped = { at, ...quantiles };
  }

  /** Forgets a model: it leaves the snapshot and its series stop. */
  remove(model: string): void {
    this.models.delete(model);
  }

  snapshot(): ModelSnapshot[] {
    const now = this.now();
    const currentPeriod = Math.floor(now / slotMs);
    const forgetBefore = now - this.limits().forgetAfterHours * 3_600_000;
    const out: ModelSnapshot[] = [];
    for (const [model, state] of this.models) {
      if (state.lastSeenAt < forgetBefore) {
        this.models.delete(model);
        continue;
      }
      let predictions = 0;
      let errors = 0;
      for (const slot of state.slots) {
        this.expire(state, slot, currentPeriod);
        predictions += slot.predictions;
        errors += slot.errors;
      }
      const windowStart = (currentPeriod - slotCount + 1) * slotMs;
      const spanSeconds = Math.max(1000, now - Math.max(windowStart, state.firstSeenAt)) / 1000;
      let latencyMs: ModelSnapshot['latencyMs'] = null;
      if (state.scraped && state.scraped.at > now - windowMs) {
        latencyMs = { p50: state.scraped.p50, p95: state.scraped.p95, p99: state.scraped.p99 };
      } else {
        const q = state.window.quantiles(quantileLevels);
        if (q) latencyMs = { p50: q[0]!, p95: q[1]!, p99: q[2]! };
      }
      out.push({
        model,
        predictionsPerSecond: predictions / spanSeconds,
        errorRate: predictions > 0 ? errors / predictions : null,
        latencyMs,
        predictionsTotal: state.predictionsTotal,
        errorsTotal: state.errorsTotal,
        gauges: Object.fromEntries(state.gauges),
        lastSeenAt: state.lastSeenAt,
      });
    }
    return out;
  }

  private state(model: string, at: number): ModelState {
    let state = this.models.get(model);
    if (!state) {
      const slots = Array.from({ length: slotCount }, (): Slot => ({ period: -Infinity, predictions: 0, errors: 0, latencies: null }));
      state = { slots, window: new LatencySketch(), scraped: null, predictionsTotal: 0, errorsTotal: 0, gauges: new Map(), firstSeenAt: at, lastSeenAt: at };
      this.models.set(model, state);
    }
    state.lastSeenAt = Math.max(state.lastSeenAt, at);
    return state;
  }

  /** The slot for `period`, emptied first if it still holds an older period; null when `period` has left the window. */
  private slot(state: ModelState, period: number, currentPeriod: number): Slot | null {
    if (period <= currentPeriod - slotCount) return null;
    const slot = state.slots[((period % slotCount) + slotCount) % slotCount]!;
    if (slot.period > period) return null; // the clock went back: the slot already holds a later period
    if (slot.period < period) {
      this.empty(state, slot);
      slot.period = period;
    }
    return slot;
  }

  private expire(state: ModelState, slot: Slot, currentPeriod: number): void {
    if (slot.period <= currentPeriod - slotCount) this.empty(state, slot);
  }

  private empty(state: ModelState, slot: Slot): void {
    slot.predictions = 0;
    slot.errors = 0;
    if (slot.latencies && slot.latencies.count > 0) {
      state.window.subtract(slot.latencies);
      slot.latencies.clear();
    }
  }
}

/** Epoch seconds (anything before 1973 in milliseconds) or milliseconds, as milliseconds. */
function toMillis(timestamp: number): number {
  return timestamp < 1e11 ? timestamp * 1000 : timestamp;
}
