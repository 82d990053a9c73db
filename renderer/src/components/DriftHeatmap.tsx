import { useMemo } from 'react';
import { driftLevels, type DriftReport } from '../../../shared/drift';
import { EChart } from './EChart';
import { heatmapTooltip } from './heatmap-tooltip';
import { levelColors, levelNames } from './LevelBadge';

/** Features × chunks, each cell coloured by its level. */
export function DriftHeatmap({ report }: { report: DriftReport }) {
  const option = useMemo(() => {
    const features = report.features.map((f) => f.name);
    const chunks = report.windows.map((w) => new Date(w.start).toISOString().slice(0, 10));
    const data = report.windows.flatMap((w, x) =>
      w.features.map((f) => [x, features.indexOf(f.name), driftLevels.indexOf(f.level), f.psi ?? 0, f.currentCount]),
    );
    return {
      backgroundColor: 'transparent',
      grid: { left: 120, right: 16, top: 8, bottom: 40 },
      tooltip: {
        formatter: heatmapTooltip(features, chunks, (level) => levelNames[driftLevels[level]!]),
      },
      xAxis: { type: 'category', data: chunks },
      yAxis: { type: 'category', data: features, inverse: true },
      visualMap: {
        type: 'piecewise',
        show: false,
        dimension: 2,
        pieces: driftLevels.map((level, i) => ({ value: i, color: levelColors[level] })),
      },
      series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#0f1419', borderWidth: 2 } }],
    };
  }, [report]);
  return <EChart option={option} height={Math.max(160, 40 + 28 * report.features.length)} label="Drift by feature and day" />;
}
