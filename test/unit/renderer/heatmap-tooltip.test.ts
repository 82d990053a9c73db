import { describe, expect, it } from 'vitest';
import { heatmapTooltip } from '../../../renderer/src/components/heatmap-tooltip';
import { escapeHtml } from '../../../renderer/src/escape-html';

describe('the drift heatmap tooltip', () => {
  it('shows a hostile column name as text, never as markup', () => {
    const name = '<img src=x onerror="fetch(`//evil`)">&\'';
    const html = heatmapTooltip([name], ['2026-10-01'], (level) => ['No drift', 'Mild', 'Moderate', 'Severe'][level]!)({ value: [0, 0, 3, 0.31234, 144] });
    expect(html).toBe('&lt;img src=x onerror=&quot;fetch(`//evil`)&quot;&gt;&amp;&#39; · 2026-10-01<br/>Severe, PSI 0.312, 144 rows');
    expect(html).not.toContain('<img');
  });

  it('escapes the five characters HTML gives meaning to, and nothing else', () => {
    expect(escapeHtml(`a<b>&"c'd é`)).toBe('a&lt;b&gt;&amp;&quot;c&#39;d é');
  });
});
