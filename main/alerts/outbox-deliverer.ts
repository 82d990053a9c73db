import { join } from 'node:path';
import type { Config } from '../../shared/config';
import type { AlertsRepository } from '../store/alerts-repository';
import { alertmanagerChannel } from './channels/alertmanager-channel';
import type { Deliver } from './channels/channel';
import { consoleChannel } from './channels/console-channel';
import { emailChannel } from './channels/email-channel';
import { logChannel } from './channels/log-channel';
import { webhookChannel } from './channels/webhook-channel';
import type { Notice } from './notice';

type ChannelConfig = Config['alerts']['channels'][number];

export interface DelivererOptions {
  repository: AlertsRepository;
  channels: () => ChannelConfig[];
  dataDir: string;
  now: () => number;
  /** The desktop channel: a tray notification in Electron, a Web Notification in the browser UI. */
  desktop: Deliver;
  /** A channel stopped delivering (error) or works again (null). */
  onChannelHealth: (channel: string, error: string | null) => void;
  attemptTimeoutMs?: number;
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Delivers the outbox: every notification was a row before any network call, so a restart or a
 * dead endpoint loses nothing. Due rows go out per channel in one batch, each attempt with a
 * timeout; a failure is retried with exponential backoff and, after the last attempt, reported as
 * the channel's own alert on the other channels. A row is marked delivered once, right after its
 * channel accepted it; the notice key travels with it so a receiver can drop a repeat.
 */
export class OutboxDeliverer {
  private timer: NodeJS.Timeout | undefined;
  private delivering: Promise<void> | null = null;
  private wakeQueued = false;
  private readonly cache = new Map<string, { config: string; deliver: Deliver }>();

  constructor(private readonly options: DelivererOptions) {}

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.deliverDue(), intervalMs);
    this.timer.unref();
    void this.deliverDue();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.delivering;
  }

  /** Something was queued: deliver it now rather than at the next tick. Wakes in one turn of the loop coalesce. */
  wake(): void {
    if (!this.timer || this.wakeQueued) return;
    this.wakeQueued = true;
    setImmediate(async () => {
      await this.delivering; // a pass in flight took its rows before these were queued
      this.wakeQueued = false;
      if (this.timer) void this.deliverDue();
    });
  }

  /** One pass over what is due; overlapping calls share the pass in flight. */
  deliverDue(): Promise<void> {
    this.delivering ??= this.pass().finally(() => (this.delivering = null));
    return this.delivering;
  }

  private async pass(): Promise<void> {
    const now = this.options.now();
    const due = this.options.repository.due(now, 200);
    const byChannel = new Map<string, typeof due>();
    for (const row of due) byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), row]);
    await Promise.all([...byChannel].map(([name, rows]) => this.deliverBatch(name, rows)));
  }

  private async deliverBatch(name: string, rows: { id: number; payload: string; attempts: number }[]): Promise<void> {
    const ids = rows.map((r) => r.id);
    const config = this.options.channels().find((c) => c.name === name);
    const now = () => this.options.now();
    if (!config) {
      this.options.repository.markAttemptFailed(ids, `no channel named ${name} in the config any more`, null, now());
      return;
    }
    try {
      await this.channel(config)(rows.map((r) => JSON.parse(r.payload) as Notice));
      this.options.repository.markDelivered(ids, now());
      this.options.onChannelHealth(name, null);
    } catch (error) {
      const message = (error as Error).message || String(error);
      const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
      const giveUp = attempts >= (this.options.maxAttempts ?? 8);
      const delay = Math.min((this.options.baseBackoffMs ?? 2000) * 2 ** (attempts - 1), this.options.maxBackoffMs ?? 300_000);
      this.options.repository.markAttemptFailed(ids, message, giveUp ? null : now() + delay, now());
      if (giveUp) this.options.onChannelHealth(name, message);
    }
  }

  private channel(config: ChannelConfig): Deliver {
    const key = JSON.stringify(config);
    const cached = this.cache.get(config.name);
    if (cached?.config === key) return cached.deliver;
    const timeoutMs = this.options.attemptTimeoutMs ?? 10_000;
    const deliver: Deliver =
      config.type === 'log'
        ? logChannel(join(this.options.dataDir, 'logs', 'alerts.log'), config.maxBytes)
        : config.type === 'console'
          ? consoleChannel()
          : config.type === 'email'
            ? emailChannel({ ...config, timeoutMs })
            : config.type === 'webhook'
              ? webhookChannel({ ...config, timeoutMs })
              : config.type === 'alertmanager'
                ? alertmanagerChannel(config.url, timeoutMs)
                : this.options.desktop;
    this.cache.set(config.name, { config: key, deliver });
    return deliver;
  }
}
