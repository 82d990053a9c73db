// One table at the end of `npm run bench`: each measure with Vigil's figure, the peer's, their ratio,
// the goal and whether it was met in this run.

export interface SummaryRow {
  measure: string;
  vigil: string;
  /** The peer's figure from the same run, or why there is none. */
  peer?: string;
  /** Vigil against the peer, said the way the goal is said ("0.34", "12.1× faster"). */
  ratio?: string;
  goal?: string;
  /** Undefined when the measure has no goal or the goal could not be checked in this run. */
  met?: boolean;
}

const rows: SummaryRow[] = [];

export function recordSummary(row: SummaryRow): void {
  rows.push(row);
}

export function summaryTable(): string {
  if (rows.length === 0) return '';
  const header = ['measure', 'vigil', 'peer', 'ratio', 'goal', 'met'];
  const cells = rows.map((r) => [r.measure, r.vigil, r.peer ?? '—', r.ratio ?? '—', r.goal ?? '—', r.met === undefined ? '—' : r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return ['', 'summary', line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
