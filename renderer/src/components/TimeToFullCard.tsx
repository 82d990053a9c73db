import { describeDuration, type Outlook } from '../../../shared/foresight';
import { formatBytes } from '../format';

/** Each mount's fill rate over the last 6 hours and the time until it is full at that rate; the same for GPU memory over 30 minutes. */
export function TimeToFullCard({ outlook }: { outlook: Outlook | null }) {
  const forecasts = outlook?.timeToFull ?? [];
  const gpus = outlook?.gpuMemory ?? [];
  return (
    <section className="card wide" data-testid="time-to-full">
      <h3>Time to full</h3>
      {forecasts.length === 0 && gpus.length === 0 ? (
        <p className="detail">Learning how fast the disks fill (10 minutes of history needed).</p>
      ) : (
        <table className="results compact">
          <tbody>
            {forecasts.map((f) => (
              <tr key={f.mount}>
                <td>
                  {f.mount}
                  {f.mount === outlook?.backupDestination.mount ? ' (backup destination)' : ''}
                </td>
                <td>{formatBytes(f.availableBytes)} free</td>
                <td>{f.bytesPerSecond < 0 ? `filling ${formatBytes(-f.bytesPerSecond * 3600)}/h` : f.bytesPerSecond > 0 ? `freeing ${formatBytes(f.bytesPerSecond * 3600)}/h` : 'steady'}</td>
                <td>{f.secondsToFull === null ? 'not filling' : `full in ${describeDuration(f.secondsToFull)}`}</td>
              </tr>
            ))}
            {gpus.map((f) => (
              <tr key={`gpu-${f.gpu}`}>
                <td>
                  GPU {f.gpu} memory{f.process ? ` (${f.process.name}, pid ${f.process.pid})` : ''}
                </td>
                <td>{formatBytes(f.availableBytes)} free</td>
                <td>{f.bytesPerSecond < 0 ? `filling ${formatBytes(-f.bytesPerSecond * 3600)}/h` : 'steady'}</td>
                <td>{f.secondsToFull === null ? 'not filling' : `full in ${describeDuration(f.secondsToFull)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
