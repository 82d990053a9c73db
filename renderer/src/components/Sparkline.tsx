import { useMemo } from 'react';
import { EChart } from './EChart';

/** A small line chart of recent values, one or two series. */
export function Sparkline({ label, series }: { label: string; series: { name: string; points: [number, number][] }[] }) {
  const option = useMemo(
    () => ({
      backgroundColor: 'transparent',
      grid: { left: 8, right: 8, top: 8, bottom: 8 },
      xAxis: { type: 'time', show: false },
      yAxis: { type: 'value', show: false, min: 0 },
      series: series.map((s) => ({ type: 'line', name: s.name, showSymbol: false, areaStyle: { opacity: 0.2 }, data: s.points })),
    }),
    [series],
  );
  return <EChart option={option} height={70} label={label} />;
}
