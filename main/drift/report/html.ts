import { createHash } from 'node:crypto';
import { driftLevels, levelRank, type DriftLevel, type DriftReport, type FeatureResult } from '../../../shared/drift';
import { datasetVerdictSentence, levelWords, worstFeatureSentence } from '../../../shared/drift-verdict';
import { effectOf, formatNumber, formatP, statisticsLine } from './feature-summary';

const levelColors: Record<DriftLevel, string> = {
  NO_DRIFT: '#3a8a5f',
  MILD_DRIFT: '#c9a824',
  MODERATE_DRIFT: '#e07b22',
  SEVERE_DRIFT: '#d23c3c',
  INSUFFICIENT_DATA: '#8a949e',
};

const style = `
:root { color-scheme: light; --line: #d5dbe1; --muted: #5b6672; --ref: #4a78c2; --cur: #e08a2c; }
body { font: 14px/1.45 system-ui, sans-serif; color: #1d2630; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 0 0 6px; } .muted { color: var(--muted); } .verdict p { margin: 4px 0; } .verdict .fact { font-size: 16px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; } th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort=ascending] button::after { content: ' ▲'; } th[aria-sort=descending] button::after { content: ' ▼'; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff; font-size: 12px; white-space: nowrap; }
${driftLevels.map((l) => `.badge.${l} { background: ${levelColors[l]}; } rect.${l} { fill: ${levelColors[l]}; }`).join('\n')}
.features { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 16px; }
.feature { border: 1px solid var(--line); border-radius: 8px; padding: 12px; } .feature p { margin: 6px 0; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); } rect.ref { fill: var(--ref); } rect.cur { fill: var(--cur); }
.legend .ref { color: var(--ref); } .legend .cur { color: var(--cur); } code { font-size: 12px; word-break: break-all; }
`;

// Sorts the feature table when a column header is clicked; the only script, allowed by its hash.
const script = `
document.querySelectorAll('#features th button').forEach(function (button) {
  button.addEventListener('click', function () {
    var th = button.parentElement;
    var column = Array.prototype.indexOf.call(th.parentElement.children, th);
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    document.querySelectorAll('#features th').forEach(function (other) { other.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = document.querySelector('#features tbody');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].getAttribute('data-sort'), y = b.cells[column].getAttribute('data-sort');
      var nx = Number(x), ny = Number(y);
      var order = x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
`;

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * One self-contained HTML file for a drift run: no network, the only style and script inline and
 * allowed by their hashes in a strict Content-Security-Policy. It opens from disk in any browser.
 */
export function driftReportHtml(report: DriftReport): string {
  const features = [...report.features].sort((a, b) => levelRank[b.level] - levelRank[a.level] || (a.pValue ?? 1) - (b.pValue ?? 1) || a.name.localeCompare(b.name));
  const csp = `default-src 'none'; style-src ${hashOf(style)}; script-src ${hashOf(script)}; base-uri 'none'; form-action 'none'`;
  const title = `Drift: ${report.reference.name} → ${report.current.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="muted">Run ${report.id ?? '(not stored)'} of ${esc(new Date(report.createdAt).toISOString().replace('T', ' ').slice(0, 19))} UTC, ${report.features.length} features tested in ${(report.durationMs / 1000).toFixed(1)} s. Made by Vigil.</p>
</header>
<section class="verdict" id="verdict">
<p class="fact" id="dataset-verdict">${esc(datasetVerdictSentence(report.dataset))}</p>
<p class="fact" id="worst-feature">${badge(report.dataset.level)} ${esc(worstFeatureSentence(report.dataset))}</p>
<p>${esc(report.dataset.recommendation)}</p>
</section>
${advice(features)}
<h2>By feature${report.windows.length ? ` and ${esc(report.timestamp?.column ?? 'time')} chunk` : ''}</h2>
${heatmap(report, features)}
<h2>Features</h2>
${featureTable(features)}
${skippedList(report)}
<h2>Distributions</h2>
<p class="legend muted"><span class="ref">■ reference</span> · <span class="cur">■ current</span>; share of non-missing values in each bin or category.</p>
<div class="features">
${features.map(featureCard).join('\n')}
</div>
<h2>Inputs</h2>
${inputs(report)}
<h2>Thresholds</h2>
${thresholds(report)}
<script>${script}</script>
</body>
</html>
`;
}

/** `drift-12-last_week.html`: the run and the current file, in characters every file system takes. */
export function reportFileName(report: DriftReport): string {
  const base = report.current.name.split(/[\\/]/).pop()!.replace(/\.(gz|zst)$/i, '').replace(/\.[^.]*$/, '');
  const safe = base.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'data';
  return `drift-${report.id ?? 'run'}-${safe}.html`;
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function badge(level: DriftLevel): string {
  return `<span class="badge ${level}">${esc(levelWords[level])}</span>`;
}

const pct = (share: number) => `${(100 * share).toFixed(1)} %`;

function advice(features: FeatureResult[]): string {
  const items = features.flatMap((f) => [...(levelRank[f.level] >= levelRank.MODERATE_DRIFT ? [f.recommendation] : []), ...f.findings]);
  if (!items.length) return '';
  return `<h2>What to look at</h2>\n<ul id="advice">${items.map((item) => `<li>${esc(item)}</li>`).join('')}</ul>`;
}

function heatmap(report: DriftReport, features: FeatureResult[]): string {
  const columns = report.windows.length
    ? report.windows.map((w) => ({ label: new Date(w.start).toISOString().slice(0, report.windows.length > 1 && w.end - w.start < 86_400_000 ? 13 : 10), rows: w.rows, levels: new Map(w.features.map((f) => [f.name, f])) }))
    : [{ label: 'all rows', rows: report.current.rows, levels: new Map(features.map((f) => [f.name, f])) }];
  const nameWidth = Math.min(220, 16 + 7 * Math.max(...features.map((f) => f.name.length), 4));
  const cell = Math.max(14, Math.min(60, Math.floor(760 / columns.length)));
  const width = nameWidth + cell * columns.length + 8;
  const height = 22 * features.length + 40;
  const cells = features.flatMap((f, y) =>
    columns.map((c, x) => {
      const at = c.levels.get(f.name);
      const level = at?.level ?? 'INSUFFICIENT_DATA';
      const detail = `${f.name} · ${c.label}: ${levelWords[level]}, PSI ${formatNumber(at?.psi ?? null)}, ${at?.currentCount ?? 0} current values`;
      return `<rect class="${level}" x="${nameWidth + x * cell}" y="${y * 22}" width="${cell - 2}" height="20"><title>${esc(detail)}</title></rect>`;
    }),
  );
  const names = features.map((f, y) => `<text x="${nameWidth - 6}" y="${y * 22 + 14}" text-anchor="end">${esc(clip(f.name, 30))}</text>`);
  const step = Math.ceil(columns.length / Math.max(1, Math.floor((cell * columns.length) / 80)));
  const labels = columns
    .map((c, x) => (x % step === 0 ? `<text x="${nameWidth + x * cell}" y="${features.length * 22 + 16}">${esc(c.label)}</text>` : ''))
    .join('');
  return `<svg id="heatmap" role="img" aria-label="Drift level by feature${report.windows.length ? ' and chunk' : ''}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${names.join('')}${cells.join('')}${labels}</svg>`;
}

function featureTable(features: FeatureResult[]): string {
  const head = ['Feature', 'Kind', 'Drift', 'p-value', 'Adjusted p', 'Effect', 'PSI', 'Missing (ref)', 'Missing (cur)'];
  const numeric = (i: number) => i >= 3;
  const rows = features.map((f) => {
    const cells: [string, string | number | null][] = [
      [esc(f.name), f.name],
      [f.kind, f.kind],
      [badge(f.level), levelRank[f.level]],
      [formatP(f.pValue), f.pValue],
      [formatP(f.pValueAdjusted), f.pValueAdjusted],
      [formatNumber(effectOf(f)), effectOf(f)],
      [formatNumber(f.psi), f.psi],
      [pct(f.missing.reference), f.missing.reference],
      [pct(f.missing.current), f.missing.current],
    ];
    return `<tr>${cells.map(([shown, key], i) => `<td${numeric(i) ? ' class="num"' : ''} data-sort="${esc(key === null ? '' : String(key))}">${shown}</td>`).join('')}</tr>`;
  });
  return `<table id="features"><thead><tr>${head.map((h, i) => `<th${numeric(i) ? ' class="num"' : ''}><button type="button">${h}</button></th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function skippedList(report: DriftReport): string {
  const skipped = report.skipped ?? [];
  if (!skipped.length) return '';
  return `<h2>Not tested</h2>\n<ul id="skipped">${skipped.map((s) => `<li><strong>${esc(s.name)}</strong> (${s.role}): ${esc(s.reason)}</li>`).join('')}</ul>`;
}

function featureCard(f: FeatureResult): string {
  return `<section class="feature" data-feature="${esc(f.name)}">
<h3>${esc(f.name)} ${badge(f.level)} <span class="muted">${f.kind}</span></h3>
${f.distribution ? distributionChart(f) : '<p class="muted">No values to chart.</p>'}
<p class="muted">${esc(statisticsLine(f))}</p>
<p>${esc(f.recommendation)}</p>
${f.findings.map((finding) => `<p>${esc(finding)}</p>`).join('')}
</section>`;
}

function distributionChart(f: FeatureResult): string {
  const d = f.distribution!;
  const width = 460;
  const height = 150;
  const plot = height - 30;
  const labels = d.kind === 'histogram' ? d.reference.map((_, i) => `${fmtEdge(d.edges[i]!)} – ${fmtEdge(d.edges[i + 1]!)}`) : d.categories;
  const top = Math.max(...d.reference, ...d.current, 1e-9);
  const group = (width - 10) / Math.max(1, labels.length);
  const bar = Math.max(1, group / 2 - 1);
  const bars = labels.flatMap((label, i) => {
    const x = 5 + i * group;
    const one = (cls: string, share: number, dx: number, side: string) => {
      const h = (share / top) * plot;
      return `<rect class="${cls}" x="${(x + dx).toFixed(1)}" y="${(plot - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(`${label}: ${side} ${pct(share)}`)}</title></rect>`;
    };
    return [one('ref', d.reference[i]!, 0, 'reference'), one('cur', d.current[i]!, bar + 1, 'current')];
  });
  const axis =
    d.kind === 'histogram'
      ? `<text x="5" y="${height - 10}">${esc(fmtEdge(d.edges[0]!))}</text><text x="${width - 5}" y="${height - 10}" text-anchor="end">${esc(fmtEdge(d.edges[d.edges.length - 1]!))}</text>`
      : d.categories.map((c, i) => (d.categories.length <= 8 || i % 2 === 0 ? `<text x="${(5 + i * group).toFixed(1)}" y="${height - 10}">${esc(clip(c, Math.max(3, Math.floor(group / 7))))}</text>` : '')).join('');
  return `<svg class="distribution" role="img" aria-label="${esc(`Distribution of ${f.name}`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars.join('')}${axis}</svg>`;
}

function fmtEdge(value: number): string {
  return Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function inputs(report: DriftReport): string {
  const day = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 16);
  const range = (r: { start: number; end: number } | null | undefined) => (r ? `${day(r.start)} to ${day(r.end)} UTC` : 'all rows');
  const side = (label: string, input: DriftReport['reference'], window: string) =>
    `<tr><th>${label}</th><td>${esc(input.name)}</td><td class="num">${input.rows}</td><td>${esc(input.format ?? '—')}</td><td><code>${esc(input.sha256 ?? '—')}</code></td><td>${esc(window)}</td></tr>`;
  const t = report.timestamp;
  return `<table id="inputs"><thead><tr><th></th><th>File</th><th class="num">Rows</th><th>Read as</th><th>SHA-256</th><th>Window${t ? ` (${esc(t.column)})` : ''}</th></tr></thead><tbody>
${side('Reference', report.reference, t ? range(t.referenceWindow) : 'all rows')}
${side('Current', report.current, t ? range(t.detectionWindow) : 'all rows')}
</tbody></table>${report.windows.length ? `<p class="muted">${report.windows.length} chunks in the detection window.</p>` : ''}`;
}

function thresholds(report: DriftReport): string {
  const t = report.thresholds;
  if (!t) return '<p class="muted">This run was stored before reports recorded their thresholds.</p>';
  const row = (what: string, mild: number, moderate: number, severe: number) => `<tr><th>${what}</th><td class="num">${mild}</td><td class="num">${moderate}</td><td class="num">${severe}</td></tr>`;
  return `<table id="thresholds"><thead><tr><th>A level needs</th><th class="num">mild</th><th class="num">moderate</th><th class="num">severe</th></tr></thead><tbody>
${row('p-value below (KS or chi-squared)', t.pValue.mild, t.pValue.moderate, t.pValue.severe)}
${row('and effect at least (normed Wasserstein or Jensen–Shannon)', t.effect.mild, t.effect.moderate, t.effect.severe)}
${row('or PSI at least', t.psi.mild, t.psi.moderate, t.psi.severe)}
</tbody></table>
<p class="muted">Fewer than ${t.minSamples} values on a side: too few to test. The dataset has drifted when ${pct(t.datasetDriftShare)} or more of its tested features drifted. A change in the share of missing values over ${pct(t.missingShareChange)} is reported as a finding.</p>`;
}
