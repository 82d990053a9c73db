import { useMemo } from 'react';
import { EChart } from './EChart';

export interface ChartSeries {
  name: string;
  points: [number, number, number, number][]; // at, avg, min, max
}

/** A stored history chart with zoom; `format` renders the axis and tooltip values. */
export function TimeSeriesChart({ title, series, format }: { title: string; series: ChartSeries[]; format: (v: number) => string }) {
  const option = useMemo(
    () => ({
      backgroundColor: 'transparent',
      legend: { top: 0, type: 'scroll', textStyle: { color: '#d7dde4' } },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => format(v) },
      grid: { left: 64, right: 16, top: 32, bottom: 48 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format(v) } },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
      series: series.map((s) => ({ type: 'line', name: s.name, showSymbol: false, sampling: 'lttb', data: s.points.map((p) => [p[0], p[1]]) })),
    }),
    [series, format],
  );
  return (
    <section className="card chart">
      <h3>{title}</h3>
      {series.every((s) => s.points.length === 0) ? <p className="detail">No data in this range yet.</p> : <EChart option={option} height={240} label={title} />}
    </section>
  );
}
