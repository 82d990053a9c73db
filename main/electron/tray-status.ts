import type { AlertSeverity, OpenAlertSummary } from '../../shared/desktop';

export type TrayIcon = 'ok' | 'warning' | 'critical';

const rank: Record<AlertSeverity, number> = { INFO: 0, WARNING: 1, ERROR: 2, CRITICAL: 3 };

/** The tray's icon and tooltip for the open alerts: amber for a warning, red for an error or worse. */
export function trayStatus(open: readonly OpenAlertSummary[], monitoringPaused: boolean): { icon: TrayIcon; tooltip: string } {
  const worst = open.reduce<OpenAlertSummary | null>((w, a) => (!w || rank[a.severity] > rank[w.severity] ? a : w), null);
  const icon: TrayIcon = !worst || worst.severity === 'INFO' ? 'ok' : worst.severity === 'WARNING' ? 'warning' : 'critical';
  const lines = [
    worst && worst.severity !== 'INFO'
      ? `Vigil: ${worst.severity.toLowerCase()}: ${worst.title}${open.length > 1 ? ` (+${open.length - 1} more)` : ''}`
      : 'Vigil: all clear',
  ];
  if (monitoringPaused) lines.push('Monitoring is paused');
  return { icon, tooltip: lines.join('\n') };
}
