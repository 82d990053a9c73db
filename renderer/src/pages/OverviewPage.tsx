import { useEffect } from 'react';
import { Gauge } from '../components/Gauge';
import { OutlookCard } from '../components/OutlookCard';
import { useForesight } from '../stores/foresight-store';
import { SeverityBadge } from '../components/SeverityBadge';
import { severityRank } from '../../../shared/alerts';
import { useAlerts } from '../stores/alerts-store';
import { useBackups } from '../stores/backup-store';
import { ThroughputCard } from '../components/ThroughputCard';
import { formatBytes, formatMs, formatTime } from '../format';
import { useConnection } from '../stores/connection-store';
import { useMonitor } from '../stores/monitor-store';

export function OverviewPage() {
  const latest = useMonitor((s) => s.latest);
  const recent = useMonitor((s) => s.recent);
  const info = useConnection((s) => s.info);
  const hardware = useConnection((s) => s.hardware);
  const open = useAlerts((s) => s.open);
  // Runs that reported to Vigil and GPU processes that exited.
  const finishedRuns = useAlerts((s) => s.history).filter((h) => h.alert.rule === 'run-finished' || h.alert.rule === 'gpu-run-ended').slice(0, 3);
  const archives = useBackups((s) => s.archives);
  const outlook = useForesight((s) => s.outlook);
  useEffect(() => useForesight.getState().follow(), []);
  const lastBackup = archives.filter((a) => a.status === 'complete').at(-1);
  const lastBackupFailure = archives.filter((a) => a.status === 'failed').at(-1);
  const firing = open.filter((a) => a.state === 'firing').sort((a, b) => severityRank[b.severity] - severityRank[a.severity]);
  const memoryPercent = latest && latest.memory.totalBytes ? (100 * latest.memory.usedBytes) / latest.memory.totalBytes : null;
  const fullest = latest?.disks.reduce<(typeof latest.disks)[number] | null>((worst, d) => (!worst || d.usedPercent > worst.usedPercent ? d : worst), null);
  const sum = (values: (number | null)[]) => values.reduce<number>((s, v) => s + (v ?? 0), 0);
  const throughput = (pick: (s: NonNullable<typeof latest>) => number) => recent.map((s) => [s.at, pick(s)] as [number, number]);

  return (
    <div className="page">
      <div className="grid">
        <Gauge
          title="CPU"
          percent={latest?.cpu.total ?? null}
          testId="cpu-total"
          detail={latest ? `${latest.cpu.perCore.length} cores${latest.cpu.load ? ` · load ${latest.cpu.load.one.toFixed(2)}` : ''}` : undefined}
        />
        <Gauge
          title="Memory"
          percent={memoryPercent}
          testId="memory-used"
          detail={latest ? `${formatBytes(latest.memory.usedBytes)} of ${formatBytes(latest.memory.totalBytes)}${latest.memory.swapUsedBytes ? ` · swap ${formatBytes(latest.memory.swapUsedBytes)}` : ''}` : undefined}
        />
        <Gauge
          title={fullest ? `Disk ${fullest.mount}` : 'Disk'}
          percent={fullest?.usedPercent ?? null}
          testId="disk-fullest"
          detail={fullest ? `${formatBytes(fullest.usedBytes)} used · ${formatBytes(fullest.availableBytes)} free` : undefined}
        />
        {latest?.gpu.devices.map((gpu) => (
          <Gauge
            key={gpu.uuid}
            title={`GPU ${gpu.index} · ${gpu.name}`}
            percent={gpu.utilization}
            testId={`gpu-${gpu.index}`}
            detail={[
              gpu.memoryUsedBytes !== null && gpu.memoryTotalBytes !== null ? `VRAM ${formatBytes(gpu.memoryUsedBytes)} of ${formatBytes(gpu.memoryTotalBytes)}` : null,
              gpu.temperature !== null ? `${gpu.temperature} °C` : null,
              gpu.powerWatts !== null ? `${gpu.powerWatts.toFixed(0)} W${gpu.powerLimitWatts ? ` of ${gpu.powerLimitWatts.toFixed(0)} W` : ''}` : null,
              gpu.throttleReasons?.filter((r) => r !== 'gpu_idle').length ? `throttled: ${gpu.throttleReasons.filter((r) => r !== 'gpu_idle').join(', ')}` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          />
        ))}
        {latest && latest.gpu.devices.length === 0 && (
          <section className="card" data-testid="gpu-absent">
            <h3>GPU</h3>
            <p className="detail">{latest.gpu.state === 'absent' ? 'No NVIDIA GPU found.' : (latest.gpu.message ?? 'Waiting for nvidia-smi…')}</p>
          </section>
        )}
      </div>
      <div className="grid">
        <ThroughputCard
          title="Disk I/O"
          testId="disk-io"
          labels={['read', 'write']}
          now={latest ? [sum(latest.diskIo.map((d) => d.readBytesPerSecond)), sum(latest.diskIo.map((d) => d.writeBytesPerSecond))] : null}
          history={[throughput((s) => sum(s.diskIo.map((d) => d.readBytesPerSecond))), throughput((s) => sum(s.diskIo.map((d) => d.writeBytesPerSecond)))]}
        />
        <ThroughputCard
          title="Network"
          testId="network"
          labels={['in', 'out']}
          now={latest ? [sum(latest.network.map((n) => n.rxBytesPerSecond)), sum(latest.network.map((n) => n.txBytesPerSecond))] : null}
          history={[throughput((s) => sum(s.network.map((n) => n.rxBytesPerSecond))), throughput((s) => sum(s.network.map((n) => n.txBytesPerSecond)))]}
        />
        <section className="card wide">
          <h3>Busiest processes</h3>
          {latest?.processes ? (
            <table className="results compact" data-testid="processes">
              <tbody>
                {latest.processes.byCpu.map((p) => (
                  <tr key={`cpu-${p.pid}`}>
                    <td>{p.name}</td>
                    <td>{p.pid}</td>
                    <td>{p.cpuPercent.toFixed(1)} % CPU</td>
                    <td>{formatBytes(p.memoryBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="detail">Collecting…</p>
          )}
        </section>
      </div>
      <section className="card">
        <h3>Models</h3>
        {latest?.models.length ? (
          <div className="grid tiles">
            {latest.models.map((m) => (
              <div key={m.model} className="tile" data-testid={`model-${m.model}`}>
                <strong>{m.model}</strong>
                <span>p95 {m.latencyMs ? formatMs(m.latencyMs.p95) : '—'}</span>
                <span className={m.errorRate !== null && m.errorRate >= 0.05 ? 'error' : undefined}>
                  errors {m.errorRate === null ? '—' : `${(100 * m.errorRate).toFixed(1)} %`}
                </span>
                <span>{(60 * m.predictionsPerSecond).toFixed(0)} predictions/min</span>
              </div>
            ))}
          </div>
        ) : (
          <p className="detail">
            No model has reported yet. Training or serving code posts to <code>/api/v1/ingest</code> (see the README).
          </p>
        )}
        {finishedRuns.length > 0 && (
          <ul className="history" data-testid="model-events">
            {finishedRuns.map(({ alert }) => (
              <li key={alert.id} className="detail">
                <SeverityBadge severity={alert.severity} /> {formatTime(alert.startedAt)} · {alert.summary}
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="grid">
        <section className="card" data-testid="active-alerts">
          <h3>Active alerts</h3>
          {firing.length === 0 ? (
            <p className="detail">All clear.</p>
          ) : (
            <ul className="history">
              {firing.slice(0, 4).map((a) => (
                <li key={a.id}>
                  <SeverityBadge severity={a.severity} /> {a.summary}
                </li>
              ))}
              {firing.length > 4 && <li className="detail">and {firing.length - 4} more on the Alerts page</li>}
            </ul>
          )}
        </section>
        <section className="card" data-testid="last-backup">
          <h3>Backups</h3>
          <p className="detail">
            {lastBackup ? `Last: #${lastBackup.id} ${lastBackup.source} ${lastBackup.kind}, ${formatTime(lastBackup.createdAt)}` : 'No backup yet.'}
            {lastBackupFailure ? ` · last failure ${formatTime(lastBackupFailure.createdAt)}` : ''}
          </p>
        </section>
        <OutlookCard outlook={outlook} />
      </div>
      {info && (
        <p className="footnote" data-testid="sample-time">
          Vigil {info.version} on {info.hostname}
          {hardware ? ` · ${hardware.cpu.brand}, ${hardware.cpu.cores} cores · ${hardware.os.distro} ${hardware.os.release}` : ` (${info.platform})`} · data in{' '}
          {info.dataDir}
          {latest ? ` · last sample ${formatTime(latest.at)}` : ''}
          {latest?.eventLoopLagMs && (
            <span data-testid="event-loop-lag" title="How late Vigil's event loop ran timers since the previous sample (99th percentile and worst)">
              {` · event loop lag p99 ${formatMs(latest.eventLoopLagMs.p99)}, max ${formatMs(latest.eventLoopLagMs.max)}`}
            </span>
          )}
        </p>
      )}
    </div>
  );
}
