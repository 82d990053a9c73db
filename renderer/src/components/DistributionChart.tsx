import { useMemo } from 'react';
import type { Distribution } from '../../../shared/drift';
import { EChart } from './EChart';

/** The reference and current distributions of one feature, overlaid. */
export function DistributionChart({ distribution, name }: { distribution: Distribution; name: string }) {
  // Named shares, not `.current`, which the React Compiler lint takes for a ref.
  const { reference: referenceShares, current: currentShares } = distribution;
  const option = useMemo(() => {
    const labels =
      distribution.kind === 'histogram'
        ? referenceShares.map((_, i) => formatEdge(distribution.edges[i]!))
        : distribution.categories;
    return {
      backgroundColor: 'transparent',
      legend: { top: 0, data: ['reference', 'current'], textStyle: { color: '#d7dde4' } },
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 32, bottom: 40 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      series: [
        { name: 'reference', type: 'bar', data: referenceShares, barGap: '0%', itemStyle: { color: '#4fa3ff', opacity: 0.7 } },
        { name: 'current', type: 'bar', data: currentShares, itemStyle: { color: '#f0a020', opacity: 0.7 } },
      ],
    };
  }, [distribution, referenceShares, currentShares]);
  return <EChart option={option} height={220} label={`Distribution of ${name}`} />;
}

function formatEdge(value: number): string {
  return Math.abs(value) >= 1000 || (Math.abs(value) < 0.01 && value !== 0) ? value.toExponential(1) : value.toFixed(2);
}
