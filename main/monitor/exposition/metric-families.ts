export type MetricType = 'counter' | 'gauge' | 'summary' | 'untyped';
export type LabelSet = Record<string, string | number>;
export type MetricRow = [labels: LabelSet | null, value: number];

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatLabels(pairs: LabelSet | null): string {
  if (!pairs) return '';
  const entries = Object.entries(pairs);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(String(v))}"`).join(',')}}` : '';
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * Collects metric families in Prometheus text format. A family is written once, with its HELP and
 * TYPE, and only when it has rows; a second family of the same name is a programming error.
 */
export class MetricFamilies {
  private readonly lines: string[] = [];
  private readonly names = new Set<string>();

  add(name: string, type: MetricType, help: string, rows: MetricRow[]): void {
    if (rows.length === 0) return;
    if (this.names.has(name)) throw new Error(`metric family ${name} written twice`);
    this.names.add(name);
    this.lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of rows) this.lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
  }

  /** A single unlabelled value; nothing when it is null (the source did not report it). */
  one(name: string, type: MetricType, help: string, value: number | null | undefined): void {
    if (value !== null && value !== undefined) this.add(name, type, help, [[null, value]]);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  text(): string {
    return this.lines.length ? this.lines.join('\n') + '\n' : '';
  }
}
