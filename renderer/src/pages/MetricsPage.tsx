import { useEffect, useState } from 'react';
import { TimeSeriesChart } from '../components/TimeSeriesChart';
import { TimeToFullCard } from '../components/TimeToFullCard';
import { useForesight } from '../stores/foresight-store';
import { formatMs, formatRate } from '../format';
import { useMetrics } from '../stores/metrics-store';

const ranges = [
  ['15 min', 15 * 60_000],
  ['1 h', 3_600_000],
  ['24 h', 86_400_000],
  ['7 d', 7 * 86_400_000],
  ['30 d', 30 * 86_400_000],
] as const;

/** Which stored series each chart shows, by name prefix. */
const charts: { title: string; prefixes: string[]; format: (v: number) => string }[] = [
  { title: 'CPU %', prefixes: ['cpu.total'], format: (v) => `${v.toFixed(0)} %` },
  { title: 'CPU per core %', prefixes: ['cpu.core{'], format: (v) => `${v.toFixed(0)} %` },
  { title: 'Memory %', prefixes: ['memory.used_percent', 'swap.used_percent'], format: (v) => `${v.toFixed(0)} %` },
  { title: 'Disk used % per mount', prefixes: ['disk.used_percent{'], format: (v) => `${v.toFixed(1)} %` },
  { title: 'Disk I/O', prefixes: ['disk.read_bps{', 'disk.write_bps{'], format: formatRate },
  { title: 'Network', prefixes: ['net.rx_bps{', 'net.tx_bps{'], format: formatRate },
  { title: 'GPU utilization %', prefixes: ['gpu.utilization{', 'gpu.memory_used_percent{'], format: (v) => `${v.toFixed(0)} %` },
  { title: 'GPU temperature °C', prefixes: ['gpu.temperature{'], format: (v) => `${v.toFixed(0)} °C` },
  { title: 'GPU power W', prefixes: ['gpu.power_watts{'], format: (v) => `${v.toFixed(0)} W` },
  { title: 'Model latency p95', prefixes: ['model.latency_p95{'], format: formatMs },
  { title: 'Model error rate %', prefixes: ['model.error_rate{'], format: (v) => `${v.toFixed(1)} %` },
];

export function MetricsPage() {
  const [range, setRange] = useState<number>(ranges[0][1]);
  const { data, anomalyRate, tier, error } = useMetrics();
  const outlook = useForesight((s) => s.outlook);
  useEffect(() => useForesight.getState().follow(), []);

  useEffect(() => {
    const load = () => void useMetrics.getState().load(charts, range);
    load();
    const timer = setInterval(load, range <= 3_600_000 ? 5000 : 60_000);
    return () => clearInterval(timer);
  }, [range]);

  return (
    <div className="page">
      <div className="actions ranges" role="group" aria-label="Range">
        {ranges.map(([label, ms]) => (
          <button key={label} type="button" className={ms === range ? 'active' : 'secondary'} aria-pressed={ms === range} onClick={() => setRange(ms)}>
            {label}
          </button>
        ))}
        {tier && <span className="detail">from the {tier === 'raw' ? 'raw samples' : `${tier} rollups`}</span>}
      </div>
      {error && (
        <div className="card error" role="alert">
          {error}
        </div>
      )}
      <div className="grid charts">
        {charts
          .filter((c) => data[c.title])
          .map((c) => (
            <TimeSeriesChart key={c.title} title={c.title} series={data[c.title]!} format={c.format} anomalyRate={anomalyRate[c.title]} />
          ))}
        <TimeToFullCard outlook={outlook} />
      </div>
    </div>
  );
}
