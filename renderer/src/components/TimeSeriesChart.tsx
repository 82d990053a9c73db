import { useMemo } from 'react';
import { EChart } from './EChart';

export interface ChartSeries {
  name: string;
  points: [number, number, number, number][]; // at, avg, min, max
}

const anomalyColour = '#e5534b';

/**
 * A stored history chart with zoom; `format` renders the axis and tooltip values. With
 * `anomalyRate` (bucket start → share of anomalous steps), anomalous stretches are shaded and a
 * strip under the chart shows the rate.
 */
export function TimeSeriesChart({ title, series, format, anomalyRate }: { title: string; series: ChartSeries[]; format: (v: number) => string; anomalyRate?: [number, number][] }) {
  const option = useMemo(() => {
    const bucketMs = bucketOf(series);
    const stretches = anomalousStretches(anomalyRate ?? [], bucketMs);
    const lines = series.map((s, i) => ({
      type: 'line',
      name: s.name,
      showSymbol: false,
      sampling: 'lttb',
      data: s.points.map((p) => [p[0], p[1]]),
      ...(i === 0 && stretches.length ? { markArea: { silent: true, itemStyle: { color: 'rgba(229, 83, 75, 0.18)' }, data: stretches.map(([from, to]) => [{ xAxis: from }, { xAxis: to }]) } } : {}),
    }));
    if (!anomalyRate) {
      return {
        backgroundColor: 'transparent',
        legend: { top: 0, type: 'scroll', textStyle: { color: '#d7dde4' } },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => format(v) },
        grid: { left: 64, right: 16, top: 32, bottom: 48 },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => format(v) } },
        dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
        series: lines,
      };
    }
    return {
      backgroundColor: 'transparent',
      legend: { top: 0, type: 'scroll', textStyle: { color: '#d7dde4' } },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => format(v) },
      grid: [
        { left: 64, right: 16, top: 32, bottom: 76 },
        { left: 64, right: 16, height: 14, bottom: 48 },
      ],
      xAxis: [{ type: 'time' }, { type: 'time', gridIndex: 1, axisLabel: { show: false }, axisTick: { show: false } }],
      yAxis: [
        { type: 'value', axisLabel: { formatter: (v: number) => format(v) } },
        { type: 'value', gridIndex: 1, min: 0, max: 1, show: false },
      ],
      dataZoom: [{ type: 'inside', xAxisIndex: [0, 1] }, { type: 'slider', height: 16, bottom: 8, xAxisIndex: [0, 1] }],
      series: [
        ...lines,
        {
          type: 'bar',
          name: 'anomaly rate',
          xAxisIndex: 1,
          yAxisIndex: 1,
          barCategoryGap: 0,
          itemStyle: { color: anomalyColour },
          tooltip: { valueFormatter: (v: number) => `${(100 * v).toFixed(0)} % anomalous` },
          data: anomalyRate.map(([at, rate]) => [at, rate]),
        },
      ],
    };
  }, [series, format, anomalyRate]);
  return (
    <section className="card chart">
      <h3>{title}</h3>
      {series.every((s) => s.points.length === 0) ? <p className="detail">No data in this range yet.</p> : <EChart option={option} height={anomalyRate ? 262 : 240} label={title} />}
      {anomalyRate?.some(([, rate]) => rate > 0) && (
        <p className="detail" data-testid="anomaly-rate">
          anomalous {formatShare(anomalyRate.reduce((sum, [, rate]) => sum + rate, 0) / anomalyRate.length)} of this range
        </p>
      )}
    </section>
  );
}

function bucketOf(series: ChartSeries[]): number {
  for (const s of series) if (s.points.length > 1) return s.points[1]![0] - s.points[0]![0];
  return 1000;
}

/** Runs of buckets with any anomalous step, as [from, to) times. */
function anomalousStretches(rate: [number, number][], bucketMs: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [at, share] of rate) {
    if (share <= 0) continue;
    const last = out.at(-1);
    if (last && at - last[1] <= bucketMs) last[1] = at + bucketMs;
    else out.push([at, at + bucketMs]);
  }
  return out;
}

function formatShare(share: number): string {
  return share < 0.001 ? 'under 0.1 %' : `${(100 * share).toFixed(share < 0.01 ? 1 : 0)} %`;
}
