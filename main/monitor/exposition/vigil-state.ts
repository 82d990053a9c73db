import { Severity } from '../../../shared/alerts';
import { levelRank } from '../../../shared/drift';
import type { MonitorSample } from '../../../shared/monitor';
import type { VigilState } from '../../store/vigil-state';
import { MetricFamilies } from './metric-families';

const seconds = (ms: number) => ms / 1000;

/** Vigil's own state for a fleet's Prometheus: open alerts, notifications, backups, drift. */
export function renderVigilState(state: VigilState): string {
  const out = new MetricFamilies();
  out.add('vigil_alerts', 'gauge', "Open alerts, one series each, like Prometheus's ALERTS: 1 while pending or firing.",
    state.openAlerts.map((a) => [{ alertname: a.rule, alertstate: a.state, severity: a.severity, resource: a.resource ?? '' }, 1]));
  out.add('vigil_alerts_open', 'gauge', 'Number of open (pending or firing) alerts by severity.',
    Severity.options.map((severity) => [{ severity }, state.openAlerts.filter((a) => a.severity === severity).length]));

  out.add('vigil_notifications_queued', 'gauge', 'Notifications waiting to be sent (or retried), per channel.', state.notifications.map((n) => [{ channel: n.channel }, n.queued]));
  out.add('vigil_notifications_delivered_total', 'counter', 'Notifications delivered, per channel.', state.notifications.map((n) => [{ channel: n.channel }, n.delivered]));
  out.add('vigil_notifications_failed_total', 'counter', 'Notifications given up on after their retries, per channel.', state.notifications.map((n) => [{ channel: n.channel }, n.failed]));

  const ok = state.backups.filter((b) => b.lastSuccessAt !== null);
  out.add('vigil_backup_last_success_timestamp_seconds', 'gauge', 'When the last successful backup of each source finished, in unixtime.', ok.map((b) => [{ source: b.source }, seconds(b.lastSuccessAt!)]));
  out.add('vigil_backup_last_duration_seconds', 'gauge', 'How long the last successful backup of each source took.', ok.map((b) => [{ source: b.source }, seconds(b.lastDurationMs ?? 0)]));
  out.add('vigil_backup_last_size_bytes', 'gauge', 'Size of the archive of the last successful backup of each source.', ok.map((b) => [{ source: b.source }, b.lastBytes ?? 0]));
  out.add('vigil_backup_failures', 'gauge', 'Failed backups of each source in the catalog.', state.backups.map((b) => [{ source: b.source }, b.failures]));
  out.add('vigil_backup_failures_since_success', 'gauge', 'Failed backups of each source since its last successful one (0: healthy).', state.backups.map((b) => [{ source: b.source }, b.failuresSinceSuccess]));

  out.add('vigil_drift_level', 'gauge', 'Drift level of the last run per dataset: 0 none, 1 mild, 2 moderate, 3 severe, -1 insufficient data.',
    state.drift.map((d) => [{ dataset: d.dataset }, levelRank[d.level]]));
  out.add('vigil_drift_drifted_share', 'gauge', 'Share (0-1) of the features that drifted in the last run per dataset.',
    state.drift.map((d) => [{ dataset: d.dataset }, d.featureCount > 0 ? d.driftedCount / d.featureCount : 0]));
  out.add('vigil_drift_last_run_timestamp_seconds', 'gauge', 'When the last drift run of each dataset was made, in unixtime.', state.drift.map((d) => [{ dataset: d.dataset }, seconds(d.at)]));

  const results = state.watches.filter((w) => w.lastResultAt !== null);
  out.add('vigil_drift_watch_share_drifted', 'gauge', "Share (0-1) of the features that drifted in each drift watch's last result.", results.map((w) => [{ watch: w.watch }, w.driftedShare ?? 0]));
  out.add('vigil_drift_watch_level', 'gauge', "Drift level of each drift watch's last result: 0 none, 1 mild, 2 moderate, 3 severe, -1 insufficient data.",
    results.map((w) => [{ watch: w.watch }, levelRank[w.level!]]));
  out.add('vigil_drift_watch_last_run_timestamp_seconds', 'gauge', 'When each drift watch last checked (successfully or not), in unixtime.',
    state.watches.filter((w) => w.lastCheckAt !== null).map((w) => [{ watch: w.watch }, seconds(w.lastCheckAt!)]));
  out.add('vigil_drift_watch_up', 'gauge', "Whether each drift watch's last check worked (1) or failed (0).", state.watches.map((w) => [{ watch: w.watch }, w.failing ? 0 : 1]));
  return out.text();
}

/** Each monitor collector's health: up now, and when it last succeeded. */
export function renderCollectorHealth(collectors: MonitorSample['collectors']): string {
  const out = new MetricFamilies();
  const entries = Object.entries(collectors).sort(([a], [b]) => a.localeCompare(b));
  out.add('vigil_collector_up', 'gauge', 'Whether the collector succeeded on its last run (1) or fails (0).', entries.map(([collector, c]) => [{ collector }, c.ok ? 1 : 0]));
  out.add('vigil_collector_last_success_timestamp_seconds', 'gauge', 'When the collector last succeeded, in unixtime.',
    entries.filter(([, c]) => c.lastOkAt !== null).map(([collector, c]) => [{ collector }, seconds(c.lastOkAt!)]));
  return out.text();
}
