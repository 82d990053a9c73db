import type { Alert } from '../../shared/alerts';

/** One thing a channel delivers: an alert that fired, escalated, resolved or repeats, or a test. */
export interface Notice {
  kind: 'firing' | 'repeat' | 'escalation' | 'resolved' | 'test';
  alert: Alert;
  /** Unique per notice; channels pass it on (webhook header, email Message-ID) so a retry is recognisable. */
  key: string;
}

export function noticeTitle(n: Notice): string {
  const what = n.kind === 'resolved' ? 'RESOLVED' : n.kind === 'escalation' ? `ESCALATED ${n.alert.severity}` : n.kind === 'test' ? 'TEST' : n.alert.severity;
  return `[Vigil] ${what}: ${n.alert.summary}`;
}
