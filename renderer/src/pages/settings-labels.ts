/** Section titles, in words. */
export const sectionNames: Record<string, string> = {
  monitor: 'Monitoring',
  drift: 'Drift detection',
  alerts: 'Alerts',
  backup: 'Backups',
  server: 'Headless host (vigil serve)',
  desktop: 'Desktop app',
};

/**
 * Settings edited in forms on the Alerts page, so not repeated here. Actions stay listed too: in the
 * browser they show, read-only, what only config.json or the desktop app may change.
 */
const onAlertsPage = ['alerts.thresholds', 'alerts.forSeconds', 'alerts.hysteresisPercent', 'alerts.channels'];

export function editedOnAlertsPage(path: string[]): boolean {
  const key = path.join('.');
  return onAlertsPage.some((prefix) => key === prefix || key.startsWith(`${prefix}.`));
}

/** Each setting in words; the key is shown beside it, small, for people who edit config.json. */
const labels: Record<string, string> = {
  'monitor.intervalMs': 'Sample every (ms)',
  'monitor.processesIntervalMs': 'Refresh the busiest processes every (ms)',
  'monitor.gpu.enabled': 'Watch NVIDIA GPUs',
  'monitor.gpu.nvidiaSmi': 'nvidia-smi program',
  'monitor.gpu.processesIntervalMs': 'List GPU processes every (ms)',
  'monitor.gpu.stalledUtilizationPercent': 'GPUs under this utilization are idle (%)',
  'monitor.gpu.stalledMinutes': 'A GPU process on idle GPUs may be stalled after (minutes)',
  'monitor.ingestPort': 'Ingest port in the desktop app',
  'monitor.scrape': 'Model servers to scrape (Prometheus /metrics)',
  'monitor.modelQuietSeconds': 'A model quiet this long has finished (a run) or is down (a service), seconds',
  'monitor.runStalledMinutes': 'A run whose step has not moved for this long may be stalled (minutes)',
  'monitor.retention.rawHours': 'Keep raw samples (hours)',
  'monitor.retention.minuteDays': 'Keep 1-minute rollups (days)',
  'monitor.retention.hourDays': 'Keep 1-hour rollups (days)',
  'monitor.anomaly.enabled': 'Look for anomalies in every stored series',
  'monitor.anomaly.stepSeconds': 'Score anomalies over steps of (seconds)',
  'monitor.anomaly.threshold': 'Anomalous from this many robust standard deviations',
  'monitor.anomaly.maxSeries': 'Series scored for anomalies, at most',
  'drift.minSamples': 'Fewest values a side needs for a verdict',
  'drift.pValue.mild': 'p-value for mild drift',
  'drift.pValue.moderate': 'p-value for moderate drift',
  'drift.pValue.severe': 'p-value for severe drift',
  'drift.effect.mild': 'Effect size for mild drift',
  'drift.effect.moderate': 'Effect size for moderate drift',
  'drift.effect.severe': 'Effect size for severe drift',
  'drift.psi.mild': 'PSI for mild drift',
  'drift.psi.moderate': 'PSI for moderate drift',
  'drift.psi.severe': 'PSI for severe drift',
  'drift.missingShareChange': 'Change in missing share worth reporting (0–1)',
  'drift.datasetDriftShare': 'Share of drifted features that makes the dataset drifted (0–1)',
  'drift.referenceDays': 'Reference window (days)',
  'drift.detectionDays': 'Detection window (days)',
  'drift.chunkHours': 'Heatmap chunk (hours)',
  'drift.maxResults': 'Drift results kept',
  'alerts.escalation.criticalAfterMinutes': 'Escalate an unacknowledged CRITICAL after (minutes)',
  'alerts.escalation.warningAfterMinutes': 'Notify a WARNING once it has fired for (minutes)',
  'alerts.repeatMinutes.CRITICAL': 'Repeat an open CRITICAL every (minutes)',
  'alerts.repeatMinutes.ERROR': 'Repeat an open ERROR every (minutes)',
  'alerts.repeatMinutes.WARNING': 'Repeat an open WARNING every (minutes)',
  'alerts.groupWaitSeconds': 'Group notifications within (seconds)',
  'alerts.noDataSeconds': 'A system series silent this long is "no data" (seconds)',
  'alerts.anomalies.severity': 'Severity of anomaly alerts ("off": none)',
  'alerts.anomalies.metrics': 'Severity of anomaly alerts per metric family',
  'alerts.timeToFull.warningHours': 'Warn when a disk will be full within (hours)',
  'alerts.timeToFull.criticalHours': 'Critical when a disk will be full within (hours)',
  'alerts.gpuMemoryFull.warningMinutes': 'Warn when GPU memory will be full within (minutes)',
  'alerts.gpuMemoryFull.criticalMinutes': 'Critical when GPU memory will be full within (minutes)',
  'alerts.cacheFolders': 'Cache folders the clear-cache action may empty',
  'alerts.actions': 'Automatic actions (forms on the Alerts page)',
  'backup.sources': 'Folders to back up',
  'backup.destination': 'Backup destination (empty: inside the data folder)',
  'backup.gzipLevel': 'Compression level (1–9)',
  'backup.schedule.fullEveryHours': 'Full backup every (hours)',
  'backup.schedule.incrementalEveryHours': 'Incremental backup every (hours)',
  'backup.schedule.differentialEveryHours': 'Differential backup every (hours)',
  'backup.retention.fulls': 'Full backups kept',
  'backup.retention.incrementals': 'Incremental backups kept',
  'server.host': 'Listen on address',
  'server.port': 'Port',
  'desktop.closeToTray': 'Closing the window keeps Vigil in the tray',
  'desktop.startWithSession': 'Start when I log in',
  'desktop.startMinimized': 'Start minimized',
};

/** The words for a setting; a key without them reads as its last part. */
export function labelOf(path: string[]): string {
  return labels[path.join('.')] ?? path.slice(1).join(' › ');
}
