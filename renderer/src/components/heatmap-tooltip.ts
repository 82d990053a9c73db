import { escapeHtml } from '../escape-html';

/**
 * The heatmap cell's tooltip, as echarts HTML: `value` is [chunk, feature, level, psi, rows]. The
 * feature name comes from the dataset, so it is escaped.
 */
export function heatmapTooltip(features: readonly string[], chunks: readonly string[], levelName: (level: number) => string) {
  return (p: { value: number[] }) =>
    `${escapeHtml(features[p.value[1]!]!)} · ${escapeHtml(chunks[p.value[0]!]!)}<br/>${escapeHtml(levelName(p.value[2]!))}, PSI ${p.value[3]!.toFixed(3)}, ${p.value[4]} rows`;
}
