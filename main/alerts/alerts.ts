import type { Config } from '../../shared/config';
import type { Alert, Notification, Silence } from '../../shared/alerts';
import { AppError } from '../../shared/result';
import type { AlertsRepository } from '../store/alerts-repository';
import { AlertEngine, type ExternalCondition } from './alert-engine';
import type { Deliver } from './channels/channel';
import type { Notice } from './notice';
import { OutboxDeliverer } from './outbox-deliverer';
import { ActionRunner, type ActionPorts } from './action-runner';
import type { Db } from '../store/open';

export interface AlertsOptions {
  db: Db;
  repository: AlertsRepository;
  /** What automatic actions may call outside the alert engine (handed in by app.ts). */
  actions: Pick<ActionPorts, 'runDriftCheck' | 'triggerBackup'> & Partial<Pick<ActionPorts, 'notifyDesktop'>>;
  config: () => Config['alerts'];
  dataDir: string;
  now?: () => number;
  desktop: Deliver;
  onChange: (alert: Alert) => void;
}

/** The alert engine as the rest of Vigil sees it: observations in, alerts and deliveries out. */
export class Alerts {
  readonly engine: AlertEngine;
  readonly actions: ActionRunner;
  private readonly deliverer: OutboxDeliverer;
  private readonly now: () => number;

  constructor(private readonly options: AlertsOptions) {
    this.now = options.now ?? Date.now;
    this.engine = new AlertEngine({
      repository: options.repository,
      config: options.config,
      now: this.now,
      onChange: (alert, before) => {
        options.onChange(alert);
        this.actions.onChange(alert, before);
      },
      onQueued: () => this.deliverer.wake(),
    });
    this.actions = new ActionRunner(options.db, {
      config: options.config,
      dataDir: options.dataDir,
      now: this.now,
      ports: {
        notifyDesktop: (alert) => options.desktop([{ kind: 'firing', alert, key: `action:${alert.id}:${this.now()}` }]).then(() => 'passed to the desktop channel'),
        ...options.actions,
        escalate: (alert) => this.engine.escalateNow(alert.id),
      },
    });
    this.deliverer = new OutboxDeliverer({
      repository: options.repository,
      channels: () => options.config().channels,
      dataDir: options.dataDir,
      now: this.now,
      desktop: options.desktop,
      // A channel that stays down is an alert of its own, told on the other channels.
      onChannelHealth: (name, error) =>
        this.engine.setCondition({ rule: 'channel', resource: name, severity: error ? 'ERROR' : null, summary: error ? `notifications to ${name} fail: ${error}` : `${name} delivers again` }),
    });
  }

  start(): void {
    this.deliverer.start();
  }

  async stop(): Promise<void> {
    await this.actions.settle();
    await this.deliverer.stop();
  }

  /** Delivers at once what another process queued (see OutboxDeliverer.wakeIfWrittenElsewhere). */
  takeUpQueuedElsewhere(): void {
    this.deliverer.wakeIfWrittenElsewhere();
  }

  observe(points: readonly [string, number][]): void {
    this.engine.observe(points);
  }

  setCondition(condition: ExternalCondition): void {
    this.engine.setCondition(condition);
  }

  open(): Alert[] {
    return this.engine.open();
  }

  /** Records an event (a run finished) in the history; it notifies nobody. */
  event(event: { rule: string; resource: string | null; summary: string }): Alert {
    return this.engine.event(event);
  }

  /** Resolves the open alerts of one model; how many there were. */
  resolveModel(model: string, reason: string): number {
    return this.engine.resolveModel(model, reason);
  }

  history(filter: Parameters<AlertsRepository['history']>[0]) {
    return this.options.repository.history(filter);
  }

  acknowledge(id: number, untilMs: number | null): Alert {
    try {
      return this.engine.acknowledge(id, untilMs);
    } catch (error) {
      throw new AppError((error as Error).message.startsWith('no alert') ? 'not_found' : 'conflict', (error as Error).message);
    }
  }

  silence(input: { rule: string | null; resource: string | null; minutes: number; comment: string }): Silence {
    return this.engine.silence({ rule: input.rule, resource: input.resource, until: this.now() + input.minutes * 60_000, comment: input.comment });
  }

  silences(): Silence[] {
    return this.options.repository.silences(this.now());
  }

  notifications(): Notification[] {
    return this.options.repository.notifications(200);
  }

  /**
   * Queues a test notice for one channel and delivers it, retrying as the outbox does, until it is
   * delivered or given up. `waitMs` bounds the wait.
   */
  async test(channelName: string, waitMs = 60_000): Promise<Notification> {
    const channel = this.options.config().channels.find((c) => c.name === channelName);
    if (!channel) throw new AppError('not_found', `no channel named ${channelName}`);
    const at = this.now();
    const key = `test:${channelName}:${at}`;
    const alert: Alert = {
      id: 0, identity: 'test', rule: 'test', resource: channelName, severity: 'CRITICAL', state: 'firing', value: null, threshold: null,
      summary: `test notification to ${channelName}`, startedAt: at, firedAt: at, resolvedAt: null, acknowledgedAt: null, acknowledgedUntil: null, escalatedAt: null,
    };
    this.options.repository.enqueue(channelName, key, { kind: 'test', alert, key } satisfies Notice, `test: ${channelName}`, at);
    const row = () => this.options.repository.notifications(50).find((n) => n.summary === `test: ${channelName}` && n.createdAt === at)!;
    const deadline = Date.now() + waitMs;
    for (;;) {
      await this.deliverer.deliverDue();
      const state = row();
      if (state.deliveredAt !== null || state.failedAt !== null || Date.now() > deadline) return state;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
