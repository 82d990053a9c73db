import { useMemo } from 'react';
import { EChart } from '../components/EChart';
import { Gauge } from '../components/Gauge';
import { NotBuiltYet } from '../components/NotBuiltYet';
import { formatBytes, formatTime } from '../format';
import { useConnection } from '../stores/connection-store';
import { useMonitor } from '../stores/monitor-store';

export function OverviewPage() {
  const latest = useMonitor((s) => s.latest);
  const recent = useMonitor((s) => s.recent);
  const info = useConnection((s) => s.info);
  const memoryPercent = latest ? (100 * latest.memory.usedBytes) / latest.memory.totalBytes : null;

  const sparkline = useMemo(
    () => ({
      backgroundColor: 'transparent',
      grid: { left: 36, right: 8, top: 8, bottom: 20 },
      xAxis: { type: 'time', axisLabel: { show: false } },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [{ type: 'line', showSymbol: false, areaStyle: {}, data: recent.map((s) => [s.at, s.cpu.total]) }],
    }),
    [recent],
  );

  return (
    <div className="page">
      <div className="grid">
        <Gauge title="CPU" percent={latest?.cpu.total ?? null} testId="cpu-total" detail={latest ? `${latest.cpu.perCore.length} cores` : undefined} />
        <Gauge
          title="Memory"
          percent={memoryPercent}
          testId="memory-used"
          detail={latest ? `${formatBytes(latest.memory.usedBytes)} of ${formatBytes(latest.memory.totalBytes)}` : undefined}
        />
        <section className="card wide">
          <h3>CPU, last two minutes</h3>
          <EChart option={sparkline} height={160} label="CPU history" />
          <div className="detail" data-testid="sample-time">
            {latest ? `last sample ${formatTime(latest.at)}` : 'waiting for the first sample…'}
          </div>
        </section>
      </div>
      <div className="grid">
        <NotBuiltYet engine="alert">Active alerts will show here once the alert engine lands.</NotBuiltYet>
        <NotBuiltYet engine="backup">The last backup and the next scheduled run will show here.</NotBuiltYet>
      </div>
      {info && (
        <p className="footnote">
          Vigil {info.version} on {info.hostname} ({info.platform}) · data in {info.dataDir} · running since {formatTime(info.startedAt)}
        </p>
      )}
    </div>
  );
}
