import type { Severity } from '../../../shared/alerts';

const colors: Record<Severity, string> = { INFO: '#3a6ea5', WARNING: '#b7791f', ERROR: '#c05621', CRITICAL: '#d23c3c' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className="badge" style={{ background: colors[severity] }} data-severity={severity}>
      {severity}
    </span>
  );
}
