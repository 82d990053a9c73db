export type ModelKind = 'run' | 'service';

/** A change in a model's life: a run ended, a service went down or came back, the user removed it. */
export interface ModelLifecycleEvent {
  type: 'run-finished' | 'service-down' | 'service-back' | 'removed';
  model: string;
  kind: ModelKind;
  at: number;
  firstSeenAt: number;
  lastSeenAt: number;
}

interface Tracked {
  kind: ModelKind;
  expectedIntervalMs: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
  state: 'active' | 'finished' | 'down';
}

export interface ModelLifecycleOptions {
  /** How long a model without an expected interval may stay quiet before it has ended (a run) or is down (a service). */
  quietMs: () => number;
  /** A finished run is forgotten this long after its last report. */
  forgetAfterMs: () => number;
  onEvent: (event: ModelLifecycleEvent) => void;
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

  /** A report from the model at `at`; `kind` and `expectedIntervalSeconds` when it said so. */
  seen(model: string, at: number, kind?: ModelKind, expectedIntervalSeconds?: number): void {
    const tracked = this.models.get(model);
    if (!tracked || tracked.state === 'finished') {
      // A run that reports after it finished is a new run of the same name.
      this.models.set(model, { kind: kind ?? tracked?.kind ?? 'run', expectedIntervalMs: intervalMs(expectedIntervalSeconds) ?? tracked?.expectedIntervalMs ?? null, firstSeenAt: at, lastSeenAt: at, state: 'active' });
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
  }

  /** A model that should report from now on (a scrape target), whether or not it has yet. */
  expect(model: string, at: number, expectedIntervalSeconds: number): void {
    const tracked = this.models.get(model);
    if (tracked && tracked.kind === 'service') {
      tracked.expectedIntervalMs = intervalMs(expectedIntervalSeconds);
      return;
    }
    this.models.set(model, { kind: 'service', expectedIntervalMs: intervalMs(expectedIntervalSeconds), firstSeenAt: at, lastSeenAt: tracked?.lastSeenAt ?? at, state: 'active' });
  }

  /**
   * Takes up a model an earlier Vigil left with open alerts (the lifecycle is memory-only): a service
   * that was down stays down until it reports after `at`; any other becomes a run seen at `at`.
   */
  resume(model: string, at: number, down: boolean): void {
    if (this.models.has(model)) return;
    this.models.set(model, { kind: down ? 'service' : 'run', expectedIntervalMs: null, firstSeenAt: at, lastSeenAt: at, state: down ? 'down' : 'active' });
  }

  /** Looks for runs that ended and services that went quiet. */
  check(at: number): void {
    for (const [model, tracked] of this.models) {
      // A finished run is kept a while (a new report is a new run of the same name), then forgotten: state stays bounded.
      if (tracked.state === 'finished' && at - tracked.lastSeenAt > this.options.forgetAfterMs()) this.models.delete(model);
      if (tracked.state !== 'active' || this.isRecent(tracked, at)) continue;
      if (tracked.kind === 'run') {
        tracked.state = 'finished';
        this.emit('run-finished', model, tracked, at);
      } else {
        tracked.state = 'down';
        this.emit('service-down', model, tracked, at);
      }
    }
  }

  /** Forgets a model (the user removed it); false when it was not known. */
  remove(model: string, at: number): boolean {
    const tracked = this.models.get(model);
    if (!tracked) return false;
    this.models.delete(model);
    this.emit('removed', model, tracked, at);
    return true;
  }

  private limit(tracked: Tracked): number {
    return tracked.kind === 'service' && tracked.expectedIntervalMs !== null ? missedIntervals * tracked.expectedIntervalMs : this.options.quietMs();
  }

  private isRecent(tracked: Tracked, at: number): boolean {
    return at - tracked.lastSeenAt <= this.limit(tracked);
  }

  private emit(type: ModelLifecycleEvent['type'], model: string, tracked: Tracked, at: number): void {
    this.options.onEvent({ type, model, kind: tracked.kind, at, firstSeenAt: tracked.firstSeenAt, lastSeenAt: tracked.lastSeenAt });
  }
}

function intervalMs(seconds: number | undefined): number | null {
  return seconds === undefined ? null : seconds * 1000;
}
