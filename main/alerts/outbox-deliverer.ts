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

/**
 * The longest the deliverer sleeps with nothing due: a wall-clock jump (a resumed laptop, a time
 * sync) makes a due time land late by at most this.
 */
const longestSleepMs = 60_000;
/** After a pass that failed as a whole (the database, not a channel), the next one is tried this soon. */
const failedPassRetryMs = 1000;

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
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private delivering: Promise<void> | null = null;
  private wakeQueued = false;
  private seenDataVersion: number | null = null;
  private readonly cache = new Map<string, { config: string; deliver: Deliver }>();

  constructor(private readonly options: DelivererOptions) {}

  /**
   * Delivers what is due now, then sleeps until the next notice is due (a retry's backoff, a
   * group's wait) rather than polling: on an idle workstation each wake-up costs more than the
   * query it would run. A queued notice wakes it at once (`wake`).
   */
  start(): void {
    this.running = true;
    try {
      this.seenDataVersion = this.options.repository.dataVersion();
    } catch {
      // the first check on a tick sets it
    }
    void this.deliverDue().catch(() => {}); // a failed pass is tried again by its own timer
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.delivering?.catch(() => {}); // what a failed last pass held stays in the outbox for the next start
  }

  /** Something was queued: deliver it now rather than when the timer fires. Wakes in one turn of the loop coalesce. */
  wake(): void {
    if (!this.running || this.wakeQueued) return;
    this.wakeQueued = true;
    setImmediate(async () => {
      try {
        await this.delivering; // a pass in flight took its rows before these were queued
      } catch {
        // that pass's failure is its own; these rows get a pass of their own
      } finally {
        this.wakeQueued = false;
      }
      if (this.running) void this.deliverDue().catch(() => {});
    });
  }

  /**
   * Wakes the deliverer when another process (`vigil drift` raising an alert beside a running app)
   * has written to the database since the last call: its notices were queued where `wake` cannot
   * hear. A cheap check, for a caller that runs anyway (the monitor's tick) rather than a timer.
   */
  wakeIfWrittenElsewhere(): void {
    if (!this.running) return;
    const version = this.options.repository.dataVersion();
    if (this.seenDataVersion !== null && version !== this.seenDataVersion) this.wake();
    this.seenDataVersion = version;
  }

  /**
   * One pass over what is due; overlapping calls share the pass in flight. After it, the deliverer
   * sleeps until the next notice is due; after a pass that failed as a whole (its rows could not be
   * marked), a second, whatever is due, so that a database refusing writes is not a loop of resends.
   */
  deliverDue(): Promise<void> {
    this.delivering ??= this.pass()
      .then(
        () => this.sleep(this.untilNextDue()),
        (error: unknown) => {
          this.sleep(failedPassRetryMs);
          throw error;
        },
      )
      .finally(() => (this.delivering = null));
    return this.delivering;
  }

  private untilNextDue(): number {
    try {
      const due = this.options.repository.nextDue();
      return due === null ? longestSleepMs : Math.min(longestSleepMs, Math.max(0, due - this.options.now()));
    } catch {
      return failedPassRetryMs; // the database is busy or gone: ask again soon
    }
  }

  private sleep(ms: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.deliverDue().catch(() => {}), ms);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    const now = this.options.now();
    const due = this.options.repository.due(now, 200);
    const byChannel = new Map<string, typeof due>();
    for (const row of due) byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), row]);
    // Every channel's batch settles before the pass does: a pass that ended with one still sending
    // would let the next pass take that batch's rows again.
    const outcomes = await Promise.allSettled([...byChannel].map(([name, rows]) => this.deliverBatch(name, rows)));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
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
