export type ModelKind = 'run' | 'service';

/**
 * A change in a model's life: a run ended, stalled or progresses again, a service went down or came
 * back, the user removed it.
 */
export interface ModelLifecycleEvent {
  type: 'run-finished' | 'run-stalled' | 'run-progressing' | 'service-down' | 'service-back' | 'removed';
  model: string;
  kind: ModelKind;
  at: number;
  firstSeenAt: number;
  lastSeenAt: number;
  /** The run's last `step` gauge; null when it reports none. */
  step: number | null;
  /** When it last made progress: its step changed (or, without a step, it reported). */
  progressAt: number;
}

/** What a report says about a run's progress. */
export interface RunProgress {
  /** Its `step` gauge. */
  step?: number;
  /** false: it will say when it is done (its silence is then a stall); true: it is done now. */
  finished?: boolean;
}

/** A run that may be stalled, as the Outlook and /metrics show it. */
export interface RunProgressState {
  model: string;
  step: number | null;
  progressAt: number;
  lastSeenAt: number;
  stalled: boolean;
}

interface Tracked {
  kind: ModelKind;
  expectedIntervalMs: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
  state: 'active' | 'finished' | 'down';
  step: number | null;
  progressAt: number;
  /** It reports `finished`: it ends by saying so, and going quiet is a stall, not its end. */
  announcesEnd: boolean;
  stalled: boolean;
}

export interface ModelLifecycleOptions {
  /** How long a model without an expected interval may stay quiet before it has ended (a run) or is down (a service). */
  quietMs: () => number;
  /** A finished run is forgotten this long after its last report. */
  forgetAfterMs: () => number;
  onEvent: (event: ModelLifecycleEvent) => void;
  /** A run whose step has not changed for this long (or, announcing its end, that went quiet this long) may be stalled. */
  stalledMs?: () => number;
}

/** A service is down after this many expected intervals without a report. */
const missedIntervals = 3;

/**
 * Tracks whether each model is a run (it ends: its silence is an event) or a service (it should
 * keep reporting: its silence is an outage), from what ingest records declare and which models are
 * scrape targets. A model that never said which it is counts as a run.
 */
export class ModelLifecycle {
  private readonly models = new Map<string, Tracked>();

  constructor(private readonly options: ModelLifecycleOptions) {}

  /** A report from the model at `at`; `kind`, `expectedIntervalSeconds` and its progress when it said so. */
  seen(model: string, at: number, kind?: ModelKind, expectedIntervalSeconds?: number, progress: RunProgress = {}): void {
    const tracked = this.models.get(model);
    if (!tracked || tracked.state === 'finished') {
      // A run that reports after it finished is a new run of the same name.
      const fresh: Tracked = {
        kind: kind ?? tracked?.kind ?? 'run',
        expectedIntervalMs: intervalMs(expectedIntervalSeconds) ?? tracked?.expectedIntervalMs ?? null,
        firstSeenAt: at,
        lastSeenAt: at,
        state: 'active',
        step: progress.step ?? null,
        progressAt: at,
        announcesEnd: progress.finished !== undefined,
        stalled: false,
      };
      this.models.set(model, fresh);
      if (progress.finished) this.finish(model, fresh, at);
      return;
    }
    if (kind) tracked.kind = kind;
    if (expectedIntervalSeconds !== undefined) tracked.expectedIntervalMs = intervalMs(expectedIntervalSeconds);
    // Only a report newer than the last one brings a service back (a scrape's last success is seen again on every tick).
    const newer = at > tracked.lastSeenAt;
    tracked.lastSeenAt = Math.max(tracked.lastSeenAt, at);
    if (tracked.state === 'down' && newer) {
      tracked.state = 'active';
      this.emit('service-back', model, tracked, at);
    }
    this.progress(model, tracked, at, progress);
  }

  /** A model that should report from now on (a scrape target), whether or not it has yet. */
  expect(model: string, at: number, expectedIntervalSeconds: number): void {
    const tracked = this.models.get(model);
    if (tracked && tracked.kind === 'service') {
      tracked.expectedIntervalMs = intervalMs(expectedIntervalSeconds);
      return;
    }
    this.models.set(model, { ...notStalled(at), kind: 'service', expectedIntervalMs: intervalMs(expectedIntervalSeconds), firstSeenAt: at, lastSeenAt: tracked?.lastSeenAt ?? at, state: 'active' });
  }

  /**
   * Takes up a model an earlier Vigil left with open alerts (the lifecycle is memory-only): a service
   * that was down stays down until it reports after `at`; any other becomes a run seen at `at`, a
   * stalled one until it progresses.
   */
  resume(model: string, at: number, down: boolean, stalled = false): void {
    if (this.models.has(model)) return;
    this.models.set(model, { ...notStalled(at), kind: down ? 'service' : 'run', expectedIntervalMs: null, firstSeenAt: at, lastSeenAt: at, state: down ? 'down' : 'active', stalled });
  }

  /** Looks for runs that ended or stalled and services that went quiet. */
  check(at: number): void {
    for (const [model, tracked] of this.models) {
      // A finished run is kept a while (a new report is a new run of the same name), then forgotten: state stays bounded.
      if (tracked.state === 'finished' && at - tracked.lastSeenAt > this.options.forgetAfterMs()) this.models.delete(model);
      if (tracked.state !== 'active') continue;
      if (tracked.kind === 'run') this.checkStall(model, tracked, at);
      // A run that announces its end and went quiet is stalled, not ended; after a day it is let go.
      const quietLimit = tracked.kind === 'run' && tracked.announcesEnd ? this.options.forgetAfterMs() : this.limit(tracked);
      if (at - tracked.lastSeenAt <= quietLimit) continue;
      if (tracked.kind === 'run') {
        tracked.state = 'finished';
        this.emit('run-finished', model, tracked, at);
      } else {
        tracked.state = 'down';
        this.emit('service-down', model, tracked, at);
      }
    }
  }

  /** The runs that report their progress (a step, or that they will say when they end), and whether each is stalled. */
  runProgress(): RunProgressState[] {
    const out: RunProgressState[] = [];
    for (const [model, t] of this.models) {
      if (t.kind === 'run' && t.state === 'active' && (t.step !== null || t.announcesEnd)) out.push({ model, step: t.step, progressAt: t.progressAt, lastSeenAt: t.lastSeenAt, stalled: t.stalled });
    }
    return out;
  }

  /** Forgets a model (the user removed it); false when it was not known. */
  remove(model: string, at: number): boolean {
    const tracked = this.models.get(model);
    if (!tracked) return false;
    this.models.delete(model);
    this.emit('removed', model, tracked, at);
    return true;
  }

  private progress(model: string, tracked: Tracked, at: number, progress: RunProgress): void {
    if (progress.finished !== undefined) tracked.announcesEnd = true;
    // Without a step, a report is all the progress a run shows (only one that announces its end is followed).
    const moved = progress.step !== undefined ? progress.step !== tracked.step : tracked.step === null && tracked.announcesEnd;
    if (progress.step !== undefined) tracked.step = progress.step;
    if (moved && at >= tracked.progressAt) {
      tracked.progressAt = at;
      if (tracked.stalled) {
        tracked.stalled = false;
        this.emit('run-progressing', model, tracked, at);
      }
    }
    if (progress.finished && tracked.kind === 'run') this.finish(model, tracked, at);
  }

  private checkStall(model: string, tracked: Tracked, at: number): void {
    const limit = this.options.stalledMs?.();
    if (limit === undefined || tracked.stalled || (tracked.step === null && !tracked.announcesEnd)) return;
    if (at - tracked.progressAt > limit) {
      tracked.stalled = true;
      this.emit('run-stalled', model, tracked, at);
    }
  }

  private finish(model: string, tracked: Tracked, at: number): void {
    tracked.state = 'finished';
    tracked.stalled = false;
    this.emit('run-finished', model, tracked, at);
  }

  private limit(tracked: Tracked): number {
    return tracked.kind === 'service' && tracked.expectedIntervalMs !== null ? missedIntervals * tracked.expectedIntervalMs : this.options.quietMs();
  }

  private isRecent(tracked: Tracked, at: number): boolean {
    return at - tracked.lastSeenAt <= this.limit(tracked);
  }

  private emit(type: ModelLifecycleEvent['type'], model: string, tracked: Tracked, at: number): void {
    this.options.onEvent({ type, model, kind: tracked.kind, at, firstSeenAt: tracked.firstSeenAt, lastSeenAt: tracked.lastSeenAt, step: tracked.step, progressAt: tracked.progressAt });
  }
}

function notStalled(at: number): Pick<Tracked, 'step' | 'progressAt' | 'announcesEnd' | 'stalled'> {
  return { step: null, progressAt: at, announcesEnd: false, stalled: false };
}

function intervalMs(seconds: number | undefined): number | null {
  return seconds === undefined ? null : seconds * 1000;
}
