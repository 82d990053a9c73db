import type { Config } from '../../shared/config';
import { severityRank, silenceMatches, type Alert, type Severity, type Silence } from '../../shared/alerts';
import type { AlertsRepository, StoredAlert } from '../store/alerts-repository';
import type { Notice } from './notice';
import { parseSeries, thresholdRules, type ThresholdRule } from './rules';

export interface ExternalCondition {
  /** e.g. "drift", "backup", "collector", "channel". */
  rule: string;
  resource: string | null;
  /** null when the condition cleared. */
  severity: Severity | null;
  value?: number | null;
  summary: string;
}

export interface AlertEngineOptions {
  repository: AlertsRepository;
  config: () => Config['alerts'];
  now: () => number;
  /** An alert was created or changed; `before` is how it was (null when new). */
  onChange: (alert: Alert, before: Pick<Alert, 'state' | 'severity'> | null) => void;
  /** A notification was queued in the outbox. */
  onQueued: () => void;
}

const minute = 60_000;
const maxRememberedSeries = 10_000;

interface WatchedSeries {
  rule: ThresholdRule;
  resource: string | null;
}

/**
 * Turns observations into alerts: thresholds with a `for` duration and a clearing hysteresis, one
 * open alert per identity (rule + resource), CRITICAL superseding WARNING in place, silences and
 * acknowledgements, and a "no data" alert when a watched series goes quiet (which never resolves
 * the alert it was feeding). What to notify is queued in the outbox; delivery happens elsewhere.
 */
export class AlertEngine {
  private readonly windows = new Map<string, { at: number; value: number }[]>();
  /** When each firing alert was last sent to Alertmanager, which forgets alerts not re-sent. */
  private readonly alertmanagerSentAt = new Map<number, number>();
  private readonly lastSeen = new Map<string, number>();
  /** Whether "no data" alerts on model series, raised before models had a lifecycle, were resolved yet. */
  private modelNoDataRetired = false;
  /**
   * Open alerts by identity, kept current by create() and transition(). Every write to alerts in this
   * process goes through them, so they are read again only when another process (`vigil drift`
   * beside a running host) committed to the database: SQLite's data version says so.
   */
  private openByIdentity = new Map<string, StoredAlert>();
  private openReadVersion: number | null = null;
  /** Silences as last read (those not yet over then), with the data version and time of that read. */
  private silencesRead: { version: number; at: number; silences: Silence[] } | null = null;
  /** The threshold rules and each series' rule and resource, for the alerts config they came from. */
  private rules: { config: Config['alerts']; byMetric: Map<string, ThresholdRule>; bySeries: Map<string, WatchedSeries | null> } | null = null;

  constructor(private readonly options: AlertEngineOptions) {}

  /** Points from one monitor sample: `[series, value]`. */
  observe(points: readonly [string, number][]): void {
    this.loadOpenAlerts();
    const at = this.options.now();
    for (const [series, value] of points) {
      const watched = this.ruleOf(series);
      if (!watched || !Number.isFinite(value)) continue;
      this.lastSeen.set(series, at);
      this.evaluate(watched.rule, watched.resource, series, this.aggregate(series, watched.rule, at, value), at);
    }
    this.checkSilentSeries(at);
    this.notify(at);
  }

  /** Raises, updates or clears a condition reported by another part of Vigil (drift, backups, channels). */
  setCondition(condition: ExternalCondition): void {
    this.loadOpenAlerts();
    const at = this.options.now();
    const identity = identityOf(condition.rule, condition.resource);
    const open = this.openAlert(identity);
    if (condition.severity === null) {
      if (open) this.transition(open, { ...open, state: 'resolved', resolvedAt: at }, at, condition.summary);
    } else if (!open) {
      this.create({ rule: condition.rule, resource: condition.resource, severity: condition.severity, state: 'firing', value: condition.value ?? null, threshold: null, summary: condition.summary }, at, 'reported');
    } else if (open.severity !== condition.severity || open.summary !== condition.summary) {
      this.transition(open, { ...open, severity: condition.severity, summary: condition.summary, value: condition.value ?? open.value }, at, 'updated');
    }
    this.notify(at);
  }

  acknowledge(id: number, untilMs: number | null): Alert {
    const alert = this.options.repository.get(id);
    if (!alert || alert.state === 'resolved') throw new Error(alert ? `alert ${id} is already resolved` : `no alert ${id}`);
    const at = this.options.now();
    return this.transition(alert, { ...alert, acknowledgedAt: at, acknowledgedUntil: untilMs }, at, untilMs ? `acknowledged until ${new Date(untilMs).toISOString()}` : 'acknowledged');
  }

  /** Queues an escalation of an open alert now (the escalate_to_admin action). */
  escalateNow(id: number): void {
    const alert = this.options.repository.get(id);
    if (!alert || alert.state === 'resolved' || alert.escalatedAt !== null) return;
    const channels = this.options.config().channels;
    if (!channels.some((c) => c.escalation) && alert.severity !== 'CRITICAL') {
      throw new Error(
        `not escalated: no channel has "escalation": true, and the desktop that escalations fall back to shows CRITICAL alerts only (this alert is ${alert.severity}); mark a channel for escalation`,
      );
    }
    const at = this.options.now();
    this.enqueue(alert, 'escalation', at, escalationTarget(channels));
    const escalated = { ...alert, escalatedAt: at };
    this.options.repository.update(escalated, { at, from: alert.state, to: alert.state, reason: 'escalated by an action' });
    // The open alerts are kept in memory too: an action runs while the alert is being created, before its first notification is saved.
    this.remember(escalated);
  }

  /** Records something that happened (a run finished): in the history at once, resolved, notifying nobody. */
  event(event: { rule: string; resource: string | null; summary: string }): Alert {
    const at = this.options.now();
    const alert = this.options.repository.create(
      { rule: event.rule, resource: event.resource, identity: identityOf(event.rule, event.resource), severity: 'INFO', state: 'resolved', value: null, threshold: null, summary: event.summary, startedAt: at, firedAt: at, resolvedAt: at, acknowledgedAt: null, acknowledgedUntil: null, escalatedAt: null, notifiedAt: null },
      'event',
    );
    this.options.onChange(publicAlert(alert), null);
    return publicAlert(alert);
  }

  /** Resolves the open alerts of one model's rules (the run ended, or the user removed the model). */
  resolveModel(model: string, reason: string): number {
    this.loadOpenAlerts();
    const at = this.options.now();
    const open = [...this.openByIdentity.values()].filter((a) => a.resource === model && a.rule.startsWith('model-'));
    for (const alert of open) this.transition(alert, { ...alert, state: 'resolved', resolvedAt: at }, at, reason);
    this.notify(at);
    return open.length;
  }

  silence(silence: Omit<Silence, 'id'>): Silence {
    this.silencesRead = null;
    return this.options.repository.addSilence(silence);
  }

  open(): Alert[] {
    return this.options.repository.open().map(publicAlert);
  }

  /** The worst severity among firing alerts, for the tray and the Overview. */
  worstFiring(): Alert | null {
    return this.open()
      .filter((a) => a.state === 'firing')
      .reduce<Alert | null>((w, a) => (!w || severityRank[a.severity] > severityRank[w.severity] ? a : w), null);
  }

  private aggregate(series: string, rule: ThresholdRule, at: number, value: number): number {
    if (rule.windowSeconds === 0) return value;
    const window = (this.windows.get(series) ?? []).filter((p) => p.at > at - rule.windowSeconds * 1000);
    window.push({ at, value });
    this.windows.set(series, window);
    return rule.aggregate === 'max' ? Math.max(...window.map((p) => p.value)) : window.reduce((s, p) => s + p.value, 0) / window.length;
  }

  private evaluate(rule: ThresholdRule, resource: string | null, series: string, value: number, at: number): void {
    const config = this.options.config();
    const identity = identityOf(rule.id, resource);
    const open = this.openAlert(identity);
    const target: Severity | null = value >= rule.critical ? rule.criticalSeverity : value >= rule.warning ? 'WARNING' : null;
    const summary = rule.describe(resource, value);
    if (target) {
      if (!open) {
        const firing = rule.forSeconds === 0;
        this.create({ rule: rule.id, resource, severity: target, state: firing ? 'firing' : 'pending', value, threshold: target === 'WARNING' ? rule.warning : rule.critical, summary }, at, `${series} ${value.toFixed(2)} ≥ ${target === 'WARNING' ? rule.warning : rule.critical}`);
        return;
      }
      let next: StoredAlert = { ...open, value, summary };
      let reason = '';
      if (open.state === 'pending' && at - open.startedAt >= rule.forSeconds * 1000) {
        next = { ...next, state: 'firing', firedAt: at };
        reason = `above the threshold for ${rule.forSeconds} s`;
      }
      if (severityRank[target] > severityRank[open.severity]) {
        next = { ...next, severity: target, threshold: rule.critical };
        reason = reason ? `${reason}; raised to ${target}` : `raised to ${target}`;
      }
      this.transition(open, next, at, reason || null);
      return;
    }
    if (!open) return;
    // Clear only below the threshold minus the hysteresis, so a value hovering at the line does not flap.
    const clearBelow = rule.warning - config.hysteresisPercent * (rule.warning / 100);
    if (value < clearBelow) {
      this.transition(open, { ...open, state: 'resolved', resolvedAt: at, value }, at, open.state === 'pending' ? 'cleared before firing' : `${series} back to ${value.toFixed(2)}`);
    } else if (open.severity === rule.criticalSeverity && value < rule.critical) {
      this.transition(open, { ...open, value, summary }, at, null);
    }
  }

  /**
   * Watched series that stopped arriving raise "no data"; their alerts stay as they were. Model
   * series are left to the model's lifecycle: a run that ends is no outage, a service that stops is one.
   */
  private checkSilentSeries(at: number): void {
    if (!this.modelNoDataRetired) {
      this.modelNoDataRetired = true;
      for (const open of [...this.openByIdentity.values()]) {
        if (open.rule === 'no-data' && open.resource?.startsWith('model.')) this.transition(open, { ...open, state: 'resolved', resolvedAt: at }, at, "a model's silence is its lifecycle's to judge");
      }
    }
    const limit = this.options.config().noDataSeconds * 1000;
    for (const [series, seen] of this.lastSeen) {
      if (series.startsWith('model.')) continue;
      const quiet = at - seen > limit;
      const identity = identityOf('no-data', series);
      const open = this.openAlert(identity);
      if (quiet && !open) {
        this.create({ rule: 'no-data', resource: series, severity: 'ERROR', state: 'firing', value: null, threshold: null, summary: `no data for ${series} since ${new Date(seen).toISOString()}` }, at, 'stopped reporting');
      } else if (!quiet && open) {
        this.transition(open, { ...open, state: 'resolved', resolvedAt: at }, at, 'reporting again');
      }
    }
  }

  /** Queues what the escalation policy calls for; the outbox delivers it. */
  private notify(at: number): void {
    const config = this.options.config();
    const silences = this.silencesAt(at);
    for (const alert of [...this.openByIdentity.values()]) {
      if (alert.state !== 'firing' || silenced(alert, silences)) continue;
      const acknowledged = alert.acknowledgedAt !== null && (alert.acknowledgedUntil === null || alert.acknowledgedUntil > at);
      const firingFor = at - (alert.firedAt ?? alert.startedAt);
      let kind: Notice['kind'] | null = null;
      if (alert.notifiedAt === null) {
        if (alert.severity === 'CRITICAL' || alert.severity === 'ERROR') kind = 'firing';
        else if (alert.severity === 'WARNING' && firingFor >= config.escalation.warningAfterMinutes * minute) kind = 'firing';
        else if (alert.severity === 'INFO') kind = 'firing'; // reaches only channels that take INFO: the log
      } else if (!acknowledged && alert.severity !== 'INFO' && at - alert.notifiedAt >= config.repeatMinutes[alert.severity] * minute) {
        kind = 'repeat';
      }
      this.resendToAlertmanager(alert, at);
      let next = alert;
      if (kind) {
        this.enqueue(alert, kind, at, (channel) => channel.type !== 'desktop' || alert.severity === 'CRITICAL');
        next = { ...next, notifiedAt: at };
      }
      if (alert.severity === 'CRITICAL' && !acknowledged && alert.escalatedAt === null && firingFor >= config.escalation.criticalAfterMinutes * minute) {
        this.enqueue(alert, 'escalation', at, escalationTarget(config.channels));
        next = { ...next, escalatedAt: at };
        this.options.repository.update(next, { at, from: 'firing', to: 'firing', reason: `escalated after ${config.escalation.criticalAfterMinutes} min unacknowledged` });
        this.remember(next);
        continue;
      }
      if (next !== alert) {
        this.options.repository.update(next, null);
        this.remember(next);
      }
    }
  }

  /** Alertmanager expires alerts that are not re-sent within its resolve timeout (5 min by default): re-send each minute. */
  private resendToAlertmanager(alert: StoredAlert, at: number): void {
    const last = this.alertmanagerSentAt.get(alert.id);
    if (last !== undefined && at - last < minute) return;
    this.alertmanagerSentAt.set(alert.id, at);
    const bucket = Math.floor(at / minute);
    for (const channel of this.options.config().channels) {
      if (channel.type !== 'alertmanager' || severityRank[alert.severity] < severityRank[channel.minSeverity]) continue;
      const key = `${alert.id}:alertmanager:${bucket}:${channel.name}`;
      this.options.repository.enqueue(channel.name, key, { kind: 'firing', alert: publicAlert(alert), key } satisfies Notice, `firing: ${alert.summary}`, at);
      this.options.onQueued();
    }
  }

  private enqueue(alert: StoredAlert, kind: Notice['kind'], at: number, accepts: (channel: Config['alerts']['channels'][number]) => boolean): void {
    for (const channel of this.options.config().channels) {
      if (!accepts(channel)) continue;
      if (channel.type === 'alertmanager' && kind !== 'resolved') continue; // re-sent on its own cadence
      if (kind === 'resolved' && !channel.sendResolved) continue;
      if (kind !== 'escalation' && severityRank[alert.severity] < severityRank[channel.minSeverity]) continue;
      if (alert.rule === 'channel' && alert.resource === channel.name) continue; // a channel that is down hears of it last
      const key = `${alert.id}:${kind}:${kind === 'repeat' ? at : 0}:${channel.name}`;
      const notice: Notice = { kind, alert: publicAlert(alert), key };
      this.options.repository.enqueue(channel.name, key, notice, `${kind}: ${alert.summary}`, at, this.options.config().groupWaitSeconds * 1000);
      this.options.onQueued();
    }
  }

  private loadOpenAlerts(): void {
    const version = this.options.repository.dataVersion();
    if (version === this.openReadVersion) return;
    this.openByIdentity = new Map(this.options.repository.open().map((a) => [a.identity, a]));
    this.openReadVersion = version;
  }

  /**
   * The silences not over at `at`. Called from notify(), after loadOpenAlerts() has read the data
   * version (which only another connection's commit changes): one read of it serves both.
   */
  private silencesAt(at: number): Silence[] {
    const version = this.openReadVersion!;
    const read = this.silencesRead;
    if (!read || read.version !== version || at < read.at) {
      this.silencesRead = { version, at, silences: this.options.repository.silences(at) };
      return this.silencesRead.silences;
    }
    return read.silences.filter((s) => s.until > at);
  }

  /** The threshold rule that watches a series, and the series' resource; null for a series no rule watches. */
  private ruleOf(series: string): WatchedSeries | null {
    const config = this.options.config();
    if (this.rules?.config !== config) this.rules = { config, byMetric: new Map(thresholdRules(config).map((r) => [r.metric, r])), bySeries: new Map() };
    const { byMetric, bySeries } = this.rules;
    let watched = bySeries.get(series);
    if (watched === undefined) {
      const { metric, resource } = parseSeries(series);
      const rule = byMetric.get(metric);
      watched = rule ? { rule, resource } : null;
      // Series names come and go with disks, GPUs and models: a bound keeps a long run's map small.
      if (bySeries.size >= maxRememberedSeries) bySeries.clear();
      bySeries.set(series, watched);
    }
    return watched;
  }

  private openAlert(identity: string): StoredAlert | undefined {
    return this.openByIdentity.get(identity);
  }

  private remember(alert: StoredAlert): void {
    if (alert.state === 'resolved') this.openByIdentity.delete(alert.identity);
    else this.openByIdentity.set(alert.identity, alert);
  }

  private create(fields: Pick<StoredAlert, 'rule' | 'resource' | 'severity' | 'state' | 'value' | 'threshold' | 'summary'>, at: number, reason: string): void {
    const alert = this.options.repository.create(
      {
        ...fields,
        identity: identityOf(fields.rule, fields.resource),
        startedAt: at,
        firedAt: fields.state === 'firing' ? at : null,
        resolvedAt: null,
        acknowledgedAt: null,
        acknowledgedUntil: null,
        escalatedAt: null,
        notifiedAt: null,
      },
      reason,
    );
    this.remember(alert);
    this.options.onChange(publicAlert(alert), null);
  }

  private transition(before: StoredAlert, after: StoredAlert, at: number, reason: string | null): Alert {
    const changed = before.state !== after.state || before.severity !== after.severity || before.acknowledgedAt !== after.acknowledgedAt;
    this.options.repository.update(after, changed && reason ? { at, from: before.state, to: after.state, reason } : null);
    this.remember(after);
    if (after.state === 'resolved' && before.notifiedAt !== null) this.enqueue(after, 'resolved', at, () => true);
    if (changed) this.options.onChange(publicAlert(after), { state: before.state, severity: before.severity });
    return publicAlert(after);
  }
}

function identityOf(rule: string, resource: string | null): string {
  return resource === null ? rule : `${rule}:${resource}`;
}

type ChannelConfig = Config['alerts']['channels'][number];

/** The channels marked for escalation; with none, the desktop, so an escalation still reaches a person. */
function escalationTarget(channels: ChannelConfig[]): (channel: ChannelConfig) => boolean {
  return channels.some((c) => c.escalation) ? (channel) => channel.escalation : (channel) => channel.type === 'desktop';
}

function silenced(alert: StoredAlert, silences: Silence[]): boolean {
  return silences.some((s) => silenceMatches(s, alert));
}

function publicAlert(alert: StoredAlert): Alert {
  const { notifiedAt: _, ...rest } = alert;
  return rest;
}
