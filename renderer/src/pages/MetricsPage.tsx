import { useMemo } from 'react';
import { EChart } from '../components/EChart';
import { NotBuiltYet } from '../components/NotBuiltYet';
import { useMonitor } from '../stores/monitor-store';

export function MetricsPage() {
  const latest = useMonitor((s) => s.latest);
  const perCore = useMemo(
    () => ({
      backgroundColor: 'transparent',
      grid: { left: 36, right: 8, top: 8, bottom: 24 },
      xAxis: { type: 'category', data: latest?.cpu.perCore.map((_, i) => `cpu${i}`) ?? [] },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [{ type: 'bar', data: latest?.cpu.perCore ?? [] }],
    }),
    [latest],
  );
  return (
    <div className="page">
      <section className="card">
        <h3>CPU per core, live</h3>
        <EChart option={perCore} height={220} label="CPU per core" />
      </section>
      <NotBuiltYet engine="monitor">
        Stored history (15 minutes to 30 days), disks, network, GPUs and model metrics arrive with the monitor engine. Until then
        this page shows the live per-core CPU load.
      </NotBuiltYet>
    </div>
  );
}
