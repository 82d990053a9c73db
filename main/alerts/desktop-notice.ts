import { severityRank } from '../../shared/alerts';
import type { DesktopNotice } from '../../shared/desktop';
import type { Notice } from './notice';

/** One desktop notification for a batch of notices: a group says how many, and the worst comes first. */
export function desktopNotice(notices: readonly Notice[]): DesktopNotice {
  const sorted = [...notices].sort((a, b) => severityRank[b.alert.severity] - severityRank[a.alert.severity]);
  const worst = sorted[0]!;
  const escalated = (n: Notice) => (n.kind === 'escalation' ? 'ESCALATED (still unacknowledged): ' : n.kind === 'resolved' ? 'resolved: ' : '');
  if (sorted.length === 1) {
    return {
      id: String(worst.alert.id),
      severity: worst.alert.severity,
      title: `Vigil: ${escalated(worst)}${worst.alert.summary}`,
      body: `${worst.alert.severity} since ${new Date(worst.alert.firedAt ?? worst.alert.startedAt).toLocaleString()}`,
    };
  }
  const shown = 5;
  const lines = sorted.slice(0, shown).map((n) => `${n.alert.severity} ${escalated(n)}${n.alert.summary}`);
  if (sorted.length > shown) lines.push(`and ${sorted.length - shown} more`);
  return {
    id: String(worst.alert.id), // a click opens the worst of the group
    severity: worst.alert.severity,
    title: `Vigil: ${sorted.length} alerts${sorted.some((n) => n.kind === 'escalation') ? ', escalated' : ''}`,
    body: lines.join('\n'),
  };
}
