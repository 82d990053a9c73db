export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?\s*$/;

/**
 * Samples from the Prometheus text exposition format (version 0.0.4). Comments and TYPE/HELP
 * lines are skipped; malformed lines are counted, not fatal, so one odd exporter line does not
 * hide the rest.
 */
export function parsePrometheusText(text: string): { samples: PromSample[]; malformed: number } {
  const samples: PromSample[] = [];
  let malformed = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = sampleLine.exec(line);
    const labels = match?.[3] !== undefined ? parseLabels(match[3]) : {};
    const value = match ? parseValue(match[4]!) : NaN;
    if (!match || labels === null || (Number.isNaN(value) && match[4] !== 'NaN')) {
      malformed++;
      continue;
    }
    samples.push({ name: match[1]!, labels, value });
  }
  return { samples, malformed };
}

function parseValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

function parseLabels(text: string): Record<string, string> | null {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (i >= text.length) break;
    const eq = text.indexOf('=', i);
    if (eq < 0 || text[eq + 1] !== '"') return null;
    const name = text.slice(i, eq).trim();
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        j++;
        value += text[j] === 'n' ? '\n' : text[j];
      } else value += text[j];
    }
    if (j >= text.length) return null;
    labels[name] = value;
    i = j + 1;
  }
  return labels;
}
