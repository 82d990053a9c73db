import type { Alert, AlertTransition, Notification, Severity, Silence } from '../../shared/alerts';
import type { Db } from './open';

interface AlertRow {
  id: number;
  identity: string;
  rule: string;
  resource: string | null;
  severity: string;
  state: string;
  value: number | null;
  threshold: number | null;
  summary: string;
  started_at: number;
  fired_at: number | null;
  resolved_at: number | null;
  acknowledged_at: number | null;
  acknowledged_until: number | null;
  escalated_at: number | null;
  notified_at: number | null;
}

export type StoredAlert = Alert & { notifiedAt: number | null };

const toAlert = (r: AlertRow): StoredAlert => ({
  id: r.id,
  identity: r.identity,
  rule: r.rule,
  resource: r.resource,
  severity: r.severity as Severity,
  state: r.state as Alert['state'],
  value: r.value,
  threshold: r.threshold,
  summary: r.summary,
  startedAt: r.started_at,
  firedAt: r.fired_at,
  resolvedAt: r.resolved_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedUntil: r.acknowledged_until,
  escalatedAt: r.escalated_at,
  notifiedAt: r.notified_at,
});

export interface OutboxRow {
  id: number;
  channel: string;
  payload: string;
  attempts: number;
}

/** Alerts, their history, silences and the notification outbox, for the alert engine. */
export function createAlertsRepository(db: Db) {
  const insertAlert = db.prepare(
    `INSERT INTO alerts (identity, rule, resource, severity, state, value, threshold, summary, started_at, fired_at)
     VALUES (@identity, @rule, @resource, @severity, @state, @value, @threshold, @summary, @startedAt, @firedAt)`,
  );
  const updateAlert = db.prepare(
    `UPDATE alerts SET severity = @severity, state = @state, value = @value, threshold = @threshold, summary = @summary,
       fired_at = @firedAt, resolved_at = @resolvedAt, acknowledged_at = @acknowledgedAt, acknowledged_until = @acknowledgedUntil,
       escalated_at = @escalatedAt, notified_at = @notifiedAt WHERE id = @id`,
  );
  const insertTransition = db.prepare(
    'INSERT INTO alert_transitions (alert_id, at, from_state, to_state, severity, value, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const selectOpen = db.prepare<[], AlertRow>("SELECT * FROM alerts WHERE state != 'resolved' ORDER BY started_at");
  const selectById = db.prepare<[number], AlertRow>('SELECT * FROM alerts WHERE id = ?');
  const insertOutbox = db.prepare(
    `INSERT INTO alert_outbox (channel, dedupe_key, payload, summary, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (dedupe_key) DO NOTHING`,
  );

  const openGroup = db.prepare<[string, number], { due: number | null }>(
    'SELECT min(next_attempt_at) AS due FROM alert_outbox WHERE channel = ? AND delivered_at IS NULL AND failed_at IS NULL AND attempts = 0 AND next_attempt_at > ?',
  );
  // Read on every sample (silences) and every outbox pass (due, nextDue): prepared once, not compiled each time.
  const selectSilences = db.prepare<[number], Silence>('SELECT id, rule, resource, until, comment FROM alert_silences WHERE until > ?');
  const selectDataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const selectNextDue = db.prepare<[], { due: number | null }>('SELECT min(next_attempt_at) AS due FROM alert_outbox WHERE delivered_at IS NULL AND failed_at IS NULL');
  const selectDue = db.prepare<[number, number], OutboxRow>(
    'SELECT id, channel, payload, attempts FROM alert_outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?',
  );

  return {
    open(): StoredAlert[] {
      return selectOpen.all().map(toAlert);
    },

    get(id: number): StoredAlert | null {
      const row = selectById.get(id);
      return row ? toAlert(row) : null;
    },

    /** Creates an alert and its first transition in one transaction. */
    create: db.transaction((alert: Omit<StoredAlert, 'id'>, reason: string): StoredAlert => {
      const id = Number(insertAlert.run(alert).lastInsertRowid);
      insertTransition.run(id, alert.startedAt, null, alert.state, alert.severity, alert.value, reason);
      return { ...alert, id };
    }),

    /** Saves an alert's new state and records the transition that led to it. */
    update: db.transaction((alert: StoredAlert, transition: { at: number; from: string; to: string; reason: string } | null) => {
      updateAlert.run(alert);
      if (transition) insertTransition.run(alert.id, transition.at, transition.from, transition.to, alert.severity, alert.value, transition.reason);
    }),

    history(filter: { from?: number; to?: number; severity?: Severity; rule?: string; resource?: string; limit?: number }): { alert: Alert; transitions: AlertTransition[] }[] {
      const where = ['started_at >= @from', 'started_at < @to'];
      if (filter.severity) where.push('severity = @severity');
      if (filter.rule) where.push('rule = @rule');
      if (filter.resource) where.push('resource = @resource');
      const rows = db
        .prepare<[Record<string, unknown>], AlertRow>(`SELECT * FROM alerts WHERE ${where.join(' AND ')} ORDER BY started_at DESC LIMIT @limit`)
        .all({ from: filter.from ?? 0, to: filter.to ?? Number.MAX_SAFE_INTEGER, severity: filter.severity, rule: filter.rule, resource: filter.resource, limit: filter.limit ?? 200 });
      const transitions = db.prepare<[number], { alert_id: number; at: number; from_state: string | null; to_state: string; severity: string; value: number | null; reason: string }>(
        'SELECT * FROM alert_transitions WHERE alert_id = ? ORDER BY at, rowid',
      );
      return rows.map((row) => {
        const { notifiedAt: _, ...alert } = toAlert(row);
        return {
          alert,
          transitions: transitions.all(row.id).map((t) => ({ alertId: t.alert_id, at: t.at, from: t.from_state, to: t.to_state, severity: t.severity as Severity, value: t.value, reason: t.reason })),
        };
      });
    },

    silences(now: number): Silence[] {
      return selectSilences.all(now);
    },

    addSilence(silence: Omit<Silence, 'id'>): Silence {
      const id = Number(db.prepare('INSERT INTO alert_silences (rule, resource, until, comment) VALUES (@rule, @resource, @until, @comment)').run(silence).lastInsertRowid);
      return { ...silence, id };
    },

    /**
     * Queues a notification; a second one with the same key is ignored, so nothing is queued twice.
     * With `groupWaitMs`, it joins the channel's group still waiting to go out, or opens one due then.
     */
    enqueue(channel: string, dedupeKey: string, payload: unknown, summary: string, now: number, groupWaitMs = 0): void {
      const waiting = groupWaitMs > 0 ? openGroup.get(channel, now)?.due : null;
      insertOutbox.run(channel, dedupeKey, JSON.stringify(payload), summary, now, waiting ?? now + groupWaitMs);
    },

    due(now: number, limit = 50): OutboxRow[] {
      return selectDue.all(now, limit);
    },

    /** A number that changes when another connection (another process) commits to this database. */
    dataVersion(): number {
      return selectDataVersion.get()!;
    },

    /** When the earliest notice still waiting is due (ms since the epoch), or null when none waits. */
    nextDue(): number | null {
      return selectNextDue.get()?.due ?? null;
    },

    markDelivered(ids: number[], now: number): void {
      const mark = db.prepare('UPDATE alert_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? AND delivered_at IS NULL');
      db.transaction(() => ids.forEach((id) => mark.run(now, id)))();
    },

    markAttemptFailed(ids: number[], error: string, retryAt: number | null, now: number): void {
      const retry = db.prepare('UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?');
      const giveUp = db.prepare('UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?, failed_at = ? WHERE id = ?');
      db.transaction(() => ids.forEach((id) => (retryAt === null ? giveUp.run(error, now, id) : retry.run(error, retryAt, id))))();
    },

    notifications(limit = 100): Notification[] {
      return db
        .prepare<[number], { id: number; channel: string; created_at: number; attempts: number; delivered_at: number | null; failed_at: number | null; last_error: string | null; summary: string }>(
          'SELECT id, channel, created_at, attempts, delivered_at, failed_at, last_error, summary FROM alert_outbox ORDER BY id DESC LIMIT ?',
        )
        .all(limit)
        .map((r) => ({ id: r.id, channel: r.channel, createdAt: r.created_at, attempts: r.attempts, deliveredAt: r.delivered_at, failedAt: r.failed_at, lastError: r.last_error, summary: r.summary }));
    },

    outboxRow(id: number) {
      return db.prepare<[number], { delivered_at: number | null; failed_at: number | null; attempts: number; last_error: string | null }>(
        'SELECT delivered_at, failed_at, attempts, last_error FROM alert_outbox WHERE id = ?',
      ).get(id);
    },
  };
}
export type AlertsRepository = ReturnType<typeof createAlertsRepository>;
