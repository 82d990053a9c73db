import { describeDuration, type Outlook } from '../../../shared/foresight';
import { formatTime } from '../format';

/** Trouble on its way: the nearest disk to fill, stalled training runs, the last hour's anomalies, the next backup, the drift watches. */
export function OutlookCard({ outlook }: { outlook: Outlook | null }) {
  if (!outlook) {
    return (
      <section className="card wide" data-testid="outlook">
        <h3>Outlook</h3>
        <p className="detail">Loading…</p>
      </section>
    );
  }
  const nearest = outlook.timeToFull.find((f) => f.secondsToFull !== null);
  const destination = outlook.backupDestination;
  const gpu = outlook.gpuMemory.find((f) => f.secondsToFull !== null);
  return (
    <section className="card wide" data-testid="outlook">
      <h3>Outlook</h3>
      <ul className="history">
        <li data-testid="outlook-time-to-full">
          {nearest
            ? `Disk ${nearest.mount} will be full in ${describeDuration(nearest.secondsToFull!)} at the last 6 h's rate.`
            : outlook.timeToFull.length
              ? 'No disk is filling.'
              : 'Learning how fast the disks fill (10 minutes of history needed).'}
        </li>
        {destination.secondsToFull !== null && destination.mount !== nearest?.mount && (
          <li data-testid="outlook-backup-destination">
            The backup destination ({destination.mount}) will be full in {describeDuration(destination.secondsToFull)}.
          </li>
        )}
        {gpu && (
          <li data-testid="outlook-gpu-memory">
            GPU {gpu.gpu} memory will be full in {describeDuration(gpu.secondsToFull!)}
            {gpu.process ? `: ${gpu.process.name} (pid ${gpu.process.pid}) keeps growing.` : '.'}
          </li>
        )}
        <li data-testid="outlook-stalled-runs">
          {outlook.stalledRuns.length === 0
            ? 'No training run looks stalled.'
            : `${outlook.stalledRuns.length === 1 ? 'A training run' : `${outlook.stalledRuns.length} training runs`} may be stalled:`}
          {outlook.stalledRuns.length > 0 && (
            <ul className="anomalies">
              {outlook.stalledRuns.map((run) => (
                <li key={`${run.source}:${run.name}`}>
                  {run.source === 'gpu' ? (
                    <>
                      {run.name} holds its GPU idle since {formatTime(run.since)} · <code>{run.detail}</code>
                    </>
                  ) : (
                    <>
                      run <code>{run.name}</code> {run.detail}
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </li>
        <li data-testid="outlook-anomalies">
          {outlook.anomalies.length === 0 ? 'No anomalies in the last hour.' : `${new Set(outlook.anomalies.map((a) => a.series)).size} series with anomalies in the last hour:`}
          {outlook.anomalies.length > 0 && (
            <ul className="anomalies">
              {latestPerSeries(outlook.anomalies)
                .slice(0, 5)
                .map((a) => (
                  <li key={a.series}>
                    <code>{a.series}</code> {short(a.value)} where about {short(a.expected)} is usual · {new Date(a.at).toLocaleTimeString()}
                  </li>
                ))}
            </ul>
          )}
        </li>
        <li data-testid="outlook-watches">{watchesLine(outlook.watches)}</li>
        <li data-testid="outlook-next-backup">{outlook.nextBackupAt === null ? 'No backup is scheduled.' : `Next backup ${formatTime(outlook.nextBackupAt)}.`}</li>
      </ul>
    </section>
  );
}

function watchesLine(watches: Outlook['watches']): string {
  if (watches.count === 0) return 'No drift watches: add one on the Drift page.';
  const parts = [`${watches.count} drift watch${watches.count === 1 ? '' : 'es'}`];
  parts.push(watches.drifting.length ? `drifting: ${watches.drifting.join(', ')}` : 'none drifting');
  if (watches.failing.length) parts.push(`failing: ${watches.failing.join(', ')}`);
  if (watches.nextRunAt !== null) parts.push(`next check ${formatTime(watches.nextRunAt)}`);
  return `${parts.join(' · ')}.`;
}

function latestPerSeries(anomalies: Outlook['anomalies']): Outlook['anomalies'] {
  const seen = new Set<string>();
  return anomalies.filter((a) => !seen.has(a.series) && seen.add(a.series));
}

function short(value: number): string {
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(3);
}
