import { levelRank, type DriftLevel, type DriftReport } from '../../../shared/drift';
import { datasetVerdictSentence, levelWords, worstFeatureSentence } from '../../../shared/drift-verdict';
import { effectOf, formatNumber, formatP } from './feature-summary';

const marks: Record<DriftLevel, string> = {
  SEVERE_DRIFT: '🔴',
  MODERATE_DRIFT: '🟠',
  MILD_DRIFT: '🟡',
  NO_DRIFT: '🟢',
  INSUFFICIENT_DATA: '⚪',
};

/** The report as a Markdown summary, for pull request comments and CI step summaries. */
export function driftReportMarkdown(report: DriftReport): string {
  const features = [...report.features].sort(
    (a, b) => levelRank[b.level] - levelRank[a.level] || (a.pValue ?? 1) - (b.pValue ?? 1) || a.name.localeCompare(b.name),
  );
  const out = [
    `### Drift: ${cell(report.reference.name)} → ${cell(report.current.name)}`,
    '',
    `**${datasetVerdictSentence(report.dataset)}**`,
    '',
    cell(worstFeatureSentence(report.dataset)),
    '',
    report.dataset.recommendation,
    '',
    '| Feature | Kind | Drift | p-value | adjusted | effect | PSI | missing (ref → cur) |',
    '|---|---|---|--:|--:|--:|--:|--:|',
    ...features.map(
      (f) =>
        `| ${cell(f.name)} | ${f.kind} | ${marks[f.level]} ${levelWords[f.level]} | ${formatP(f.pValue)} | ${formatP(f.pValueAdjusted)} | ` +
        `${formatNumber(effectOf(f))} | ${formatNumber(f.psi)} | ${pct(f.missing.reference)} → ${pct(f.missing.current)} |`,
    ),
  ];
  const skipped = report.skipped ?? [];
  if (skipped.length) out.push('', `Not tested: ${skipped.map((s) => `${cell(s.name)} (${s.role})`).join(', ')}.`);
  out.push('', `<sub>${report.reference.rows} reference rows, ${report.current.rows} current rows${report.timestamp ? `, by ${cell(report.timestamp.column)}` : ''}; vigil drift</sub>`, '');
  return out.join('\n');
}

const pct = (share: number) => `${(100 * share).toFixed(1)} %`;

/** Text safe inside a table cell: no pipes, line breaks or HTML. */
function cell(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
