import { levelRank, type DriftLevel, type DriftReport } from '../../shared/drift';
import { datasetVerdictSentence, worstFeatureSentence } from '../../shared/drift-verdict';

const short: Record<DriftLevel, string> = {
  SEVERE_DRIFT: 'SEVERE',
  MODERATE_DRIFT: 'MODERATE',
  MILD_DRIFT: 'MILD',
  NO_DRIFT: 'none',
  INSUFFICIENT_DATA: 'too few',
};
const cell: Record<DriftLevel, string> = { SEVERE_DRIFT: '#', MODERATE_DRIFT: '+', MILD_DRIFT: '.', NO_DRIFT: ' ', INSUFFICIENT_DATA: '?' };

/** The report as a person reads it in a terminal: worst features first. */
export function formatDriftReport(report: DriftReport): string {
  const features = [...report.features].sort(
    (a, b) => levelRank[b.level] - levelRank[a.level] || (a.pValue ?? 1) - (b.pValue ?? 1) || a.name.localeCompare(b.name),
  );
  const rows = features.map((f) => [
    f.name,
    f.kind,
    short[f.level],
    p(f.pValue),
    p(f.pValueAdjusted),
    num(f.kind === 'numerical' ? (f.wasserstein?.normed ?? null) : (f.jensenShannon ?? null)),
    num(f.psi),
    `${(100 * f.missing.current).toFixed(1)}%`,
  ]);
  const header = ['feature', 'kind', 'drift', 'p-value', 'adjusted', 'effect', 'PSI', 'missing'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [
    `${report.reference.name} (${report.reference.rows} rows) → ${report.current.name} (${report.current.rows} rows)`,
    ...readAs(report),
    '',
    line(header),
    ...rows.map(line),
    '',
    datasetVerdictSentence(report.dataset),
    worstFeatureSentence(report.dataset),
    report.dataset.recommendation,
  ];
  const skipped = report.skipped ?? [];
  if (skipped.length) {
    out.push('', 'Not tested:');
    for (const s of skipped) out.push(`  - ${s.name} (${s.role}): ${s.reason}`);
  }
  const notes = features.filter((f) => levelRank[f.level] >= levelRank.MODERATE_DRIFT || f.findings.length > 0);
  if (notes.length) {
    out.push('', 'What to look at:');
    for (const f of notes) {
      if (levelRank[f.level] >= levelRank.MODERATE_DRIFT) out.push(`  - ${f.recommendation}`);
      for (const finding of f.findings) out.push(`  - ${finding}`);
    }
  }
  if (report.windows.length) {
    out.push('', `By day (${report.timestamp!.column}; # severe, + moderate, . mild, ? too few):`);
    const nameWidth = Math.max(...features.map((f) => f.name.length));
    out.push(`  ${''.padEnd(nameWidth)}  ${report.windows.map((w) => new Date(w.start).toISOString().slice(5, 10)).join(' ')}`);
    for (const f of features) {
      const cells = report.windows.map((w) => cell[w.features.find((x) => x.name === f.name)!.level].padEnd(5));
      out.push(`  ${f.name.padEnd(nameWidth)}  ${cells.join(' ').trimEnd()}`);
    }
  }
  return out.join('\n') + '\n';
}

function readAs(report: DriftReport): string[] {
  const sides = report.reference.name === report.current.name ? [report.reference] : [report.reference, report.current];
  return sides.filter((side) => side.format).map((side) => `  read ${side.name} as ${side.format}`);
}

function p(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '≈0';
  return value < 1e-4 ? value.toExponential(1) : value.toFixed(4);
}

function num(value: number | null): string {
  return value === null ? '—' : value.toFixed(3);
}
