/** What the desktop shell needs to know about alerts: the alert engine fills these in. */
export type AlertSeverity = 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface OpenAlertSummary {
  id: string;
  severity: AlertSeverity;
  title: string;
}

/** A notification to show on the desktop; only CRITICAL ones pop up. */
export interface DesktopNotice extends OpenAlertSummary {
  body: string;
}
