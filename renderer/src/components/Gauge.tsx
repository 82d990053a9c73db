import { useMemo } from 'react';
import { EChart } from './EChart';

/** A 0–100 % gauge with the figure a person reads underneath. */
export function Gauge({ title, percent, detail, testId }: { title: string; percent: number | null; detail?: string; testId: string }) {
  const option = useMemo(
    () => ({
      backgroundColor: 'transparent',
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          progress: { show: true, width: 12 },
          axisLine: { lineStyle: { width: 12 } },
          axisLabel: { show: false },
          splitLine: { show: false },
          axisTick: { show: false },
          pointer: { show: false },
          detail: { show: false },
          data: [{ value: percent ?? 0 }],
        },
      ],
    }),
    [percent],
  );
  return (
    <section className="card gauge">
      <h3>{title}</h3>
      <EChart option={option} height={160} label={`${title} gauge`} />
      <div className="figure" data-testid={testId}>
        {percent === null ? '…' : `${percent.toFixed(1)} %`}
      </div>
      {detail && <div className="detail">{detail}</div>}
    </section>
  );
}
