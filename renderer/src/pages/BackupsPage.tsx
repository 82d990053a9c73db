import { useEffect, useState } from 'react';
import { formatBytes, formatRate, formatTime } from '../format';
import { useBackups } from '../stores/backup-store';
import { useNavigation } from '../stores/navigation-store';
import { idParam } from '../route';
import { BackupSources } from '../components/BackupSources';

export function BackupsPage() {
  const { archives, status, progress, message, error, browsing, run, verify, browse, tick, restore, prunePreview, previewPrune, prune } = useBackups();
  const [to, setTo] = useState('');
  useEffect(() => {
    void useBackups.getState().load();
    return useBackups.getState().follow();
  }, []);
  // `#/backups?archive=ID` opens that archive's files.
  const focus = idParam(useNavigation((s) => s.params), 'archive');
  const [focusError, setFocusError] = useState<{ id: number; message: string } | null>(null);
  useEffect(() => {
    if (focus !== null) useBackups.getState().browse(focus).catch((e: Error) => setFocusError({ id: focus, message: e.message }));
  }, [focus]);
  const complete = archives.filter((a) => a.status === 'complete');
  const lastFailure = archives.filter((a) => a.status === 'failed').at(-1);
  const fulls = complete.filter((a) => a.kind === 'full').reverse();
  const chainOf = (root: number) => {
    const out = [];
    for (let frontier = [root]; frontier.length; ) {
      const next = complete.filter((a) => a.parentId !== null && frontier.includes(a.parentId));
      out.push(...next);
      frontier = next.map((a) => a.id);
    }
    return out.sort((a, b) => a.id - b.id);
  };

  return (
    <div className="page backups">
      {focusError && focusError.id === focus && (
        <div className="card error" role="alert">
          Archive #{focusError.id}: {focusError.message}
        </div>
      )}
      <section className="card" data-testid="backup-status">
        <h3>Status</h3>
        <p>
          Last success: {complete.length ? formatTime(complete.at(-1)!.finishedAt ?? complete.at(-1)!.createdAt) : 'none yet'} · Next full:{' '}
          {status?.next.full ? formatTime(status.next.full) : 'off'} · Next incremental: {status?.next.incremental ? formatTime(status.next.incremental) : 'off'}
          {lastFailure && (
            <span className="error">
              {' '}
              · Last failure: {formatTime(lastFailure.createdAt)} ({lastFailure.source}: {lastFailure.error})
            </span>
          )}
        </p>
        <p className="detail">Archives go to {status?.destination}</p>
        {status && (
          <p data-testid="backup-policy">
            Keeping the newest {status.retention.fulls} chains and at most {status.retention.incrementals} incrementals and differentials, whole chains only, after every
            run · Archives use {formatBytes(status.usedBytes)}
            {status.freeBytes !== null && `, ${formatBytes(status.freeBytes)} free`}
            {status.lastRetention && status.lastRetention.remove.length > 0 && (
              <span className="detail">
                {' '}
                · Last pruned {formatTime(status.lastRetention.at)}: {status.lastRetention.remove.map((id) => `#${id}`).join(', ')} ({formatBytes(status.lastRetention.freedBytes)})
              </span>
            )}
          </p>
        )}
        <div className="actions ranges">
          {(['full', 'incremental', 'differential'] as const).map((kind) => (
            <button key={kind} type="button" disabled={status?.running} onClick={() => void run(kind)}>
              Run {kind} backup
            </button>
          ))}
          <button type="button" className="secondary" onClick={() => void verify()}>
            Verify now
          </button>
          <button type="button" className="secondary" onClick={() => void previewPrune()}>
            Prune now…
          </button>
        </div>
        {prunePreview && (
          <p role="status" data-testid="prune-preview">
            {prunePreview.remove.length === 0 ? (
              'Nothing to prune: every archive is within the policy.'
            ) : (
              <>
                Would delete {prunePreview.remove.map((id) => `#${id}`).join(', ')}, freeing {formatBytes(prunePreview.freedBytes)}.{' '}
                <button type="button" onClick={() => void prune()}>
                  Delete {prunePreview.remove.length} archive{prunePreview.remove.length === 1 ? '' : 's'}
                </button>
              </>
            )}
          </p>
        )}
        {progress && progress.phase !== 'done' && progress.phase !== 'failed' && progress.totalBytes !== undefined && (
          <p role="status" data-testid="backup-progress">
            <progress max={progress.totalBytes || 1} value={progress.bytes ?? 0} /> {progress.source}: {progress.phase} {progress.files}/{progress.totalFiles} files,{' '}
            {formatBytes(progress.bytes ?? 0)} of {formatBytes(progress.totalBytes)}, {formatRate(progress.bytesPerSecond ?? 0)}
            {progress.etaSeconds != null ? `, ${Math.ceil(progress.etaSeconds)} s left` : ''}
          </p>
        )}
        {message && <p role="status" data-testid="backup-message">{message}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </section>

      <BackupSources />

      <section className="card" data-testid="archives">
        <h3>Archives by chain</h3>
        {fulls.length === 0 && <p className="detail">No backup yet.</p>}
        {fulls.map((full) => (
          <table key={full.id} className="results compact chain">
            <tbody>
              {[full, ...chainOf(full.id)].map((a) => (
                <tr key={a.id} data-archive={a.id} className={a.id === focus ? 'selected' : undefined}>
                  <td>#{a.id}</td>
                  <td>{a.source}</td>
                  <td>{a.kind}</td>
                  <td>{formatTime(a.createdAt)}</td>
                  <td>{a.files} files</td>
                  <td>{formatBytes(a.bytes ?? 0)}</td>
                  <td className="detail">frees {formatBytes(a.freedIfDeleted)} if deleted</td>
                  <td>
                    <button type="button" className="secondary" onClick={() => void browse(a.id)}>
                      Browse
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </section>

      {browsing && (
        <section className="card" data-testid="archive-browser">
          <h3>Files in #{browsing.id} (the whole tree at that moment)</h3>
          <input type="search" aria-label="Search files" placeholder="search by name" value={browsing.search} onChange={(e) => void browse(browsing.id, e.target.value)} />
          <ul className="history files">
            {browsing.files.map((f) => (
              <li key={f.path}>
                <label>
                  <input type="checkbox" checked={browsing.ticked.includes(f.path)} onChange={() => tick(f.path)} /> {f.path} <span className="detail">{f.type === 'file' ? formatBytes(f.size) : f.type}</span>
                </label>
              </li>
            ))}
          </ul>
          <div className="actions ranges">
            <button type="button" onClick={() => void restore(null)}>
              Restore {browsing.ticked.length ? `${browsing.ticked.length} ticked` : 'everything'} to the original place
            </button>
            <input type="text" aria-label="Restore to folder" placeholder="/path/to/a/new/folder" value={to} onChange={(e) => setTo(e.target.value)} />
            <button type="button" className="secondary" disabled={!to} onClick={() => void restore(to)}>
              Restore to that folder
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
