import type { DoctorReport } from './checks';

/** One line a check (ok / problem / absent), then what to do, then the verdict (unless `verdict` is false). */
export function reportText(report: DoctorReport, verdict = true): string {
  const width = Math.max(...report.checks.map((c) => c.title.length));
  const lines = report.checks.flatMap((check) => {
    const line = `${check.status.padEnd(8)} ${check.title.padEnd(width)}  ${check.detail}`;
    return check.fix && check.status !== 'ok' ? [line, `${' '.repeat(9 + width)}  → ${check.fix}`] : [line];
  });
  const broken = report.checks.filter((c) => c.status === 'problem' && c.needed).length;
  const optional = report.checks.filter((c) => c.status === 'problem' && !c.needed).length;
  if (!verdict) return `${lines.join('\n')}\n`;
  const summary = broken
    ? `${broken} problem${broken === 1 ? '' : 's'} to fix before Vigil can work here.`
    : `Everything Vigil needs here works${optional ? ` (${optional} problem${optional === 1 ? '' : 's'} in optional parts)` : ''}.`;
  return `${lines.join('\n')}\n${summary}\n`;
}
