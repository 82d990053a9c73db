import { useEffect, useState } from 'react';
import type { DriftWatch } from '../../../shared/drift-watch';
import { api } from '../stores/api-ref';
import { transportKind } from '../api/transport-kind';
import { formatTime } from '../format';
import { useConfig } from '../stores/config-store';
import { useDriftWatches } from '../stores/drift-watches-store';
import { DropZone } from './DropZone';
import { LevelBadge, levelColors } from './LevelBadge';

/** Drift checks that run on their own: add one, see each one's last result and history, run or remove it. */
export function DriftWatches() {
  const store = useDriftWatches();
  useEffect(() => useDriftWatches.getState().follow(), []);
  return (
    <section className="card" data-testid="drift-watches">
      <h3>Watches</h3>
      <p className="footnote">A watch compares a reference with the newest file of a folder (or the files of its last days) on a schedule and whenever that data changes.</p>
      {store.watches.length > 0 && (
        <ul className="history watches">
          {store.watches.map((w) => (
            <WatchRow key={w.id} watch={w} busy={store.busy} />
          ))}
        </ul>
      )}
      <WatchForm />
      {store.error && (
        <p className="error" role="alert" data-testid="watch-error">
          {store.error}
        </p>
      )}
    </section>
  );
}

function WatchRow({ watch, busy }: { watch: DriftWatch; busy: boolean }) {
  const { runNow, remove } = useDriftWatches.getState();
  return (
    <li data-testid="drift-watch" data-name={watch.name}>
      <div>
        <strong>{watch.name}</strong> <span className="detail">{watch.current}</span>{' '}
        {watch.last ? <LevelBadge level={watch.last.level} /> : <span className="detail">no result yet</span>}{' '}
        {watch.last && <span data-testid="watch-share">{Math.round(watch.last.driftedShare * 100)} % of features drifted</span>}
      </div>
      <div className="detail">
        {watch.running ? 'checking now…' : watch.lastCheckAt !== null ? `checked ${formatTime(watch.lastCheckAt)}` : 'not checked yet'}
        {watch.nextRunAt !== null && ` · next ${formatTime(watch.nextRunAt)}`}
        {watch.onChange && ' · and when the data changes'}
      </div>
      {watch.error && (
        <div className="error" data-testid="watch-failure">
          Last check failed: {watch.error.message}
        </div>
      )}
      <ShareSparkline watch={watch} />
      <div className="actions">
        <button type="button" disabled={busy || watch.running} onClick={() => void runNow(watch.id)}>
          Run now
        </button>
        <button type="button" disabled={busy} onClick={() => void remove(watch.id)}>
          Remove
        </button>
      </div>
    </li>
  );
}

/** The dataset drift share of the recent checks, oldest first, each point coloured by its level. */
function ShareSparkline({ watch }: { watch: DriftWatch }) {
  const points = watch.history;
  if (points.length === 0) return null;
  const width = 160;
  const height = 32;
  const x = (i: number) => (points.length === 1 ? width / 2 : (i / (points.length - 1)) * (width - 6) + 3);
  const y = (share: number) => height - 3 - share * (height - 6);
  return (
    <svg width={width} height={height} role="img" aria-label={`drift share of the last ${points.length} checks of ${watch.name}`} data-testid="watch-sparkline">
      <polyline fill="none" stroke="var(--muted)" strokeWidth={1} points={points.map((p, i) => `${x(i)},${y(p.driftedShare)}`).join(' ')} />
      {points.map((p, i) => (
        <circle key={p.runId} cx={x(i)} cy={y(p.driftedShare)} r={2.5} fill={levelColors[p.level]}>
          <title>{`${formatTime(p.at)}: ${Math.round(p.driftedShare * 100)} %`}</title>
        </circle>
      ))}
    </svg>
  );
}

const noFolders: string[] = [];

function WatchForm() {
  const store = useDriftWatches();
  const folders = useConfig((s) => s.config?.drift.dataFolders) ?? noFolders;
  const browser = transportKind() === 'browser';
  const [form, setForm] = useState({ name: '', current: '', mode: 'newest' as 'newest' | 'recent', days: '7', interval: '60', onChange: true });
  const submit = async () => {
    const interval = form.interval.trim() === '' ? null : Number(form.interval);
    const added = await store.add({
      name: form.name.trim(),
      current: form.current.trim(),
      select: form.mode === 'newest' ? { mode: 'newest' } : { mode: 'recent', days: Number(form.days) },
      intervalMinutes: interval,
      onChange: form.onChange,
    });
    if (added) setForm({ ...form, name: '', current: '' });
  };
  return (
    <form
      className="watch-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <DropZone label="Watch reference" testId="drop-watch-reference" picked={store.reference?.name ?? null} onFile={(f) => void store.pickReference(f)} />
      <div className="dataset-paths">
        <input aria-label="watch name" placeholder="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <input aria-label="watched path" placeholder="current file, folder or glob (/data/feed/*.csv)" value={form.current} onChange={(e) => setForm({ ...form, current: e.target.value })} />
        {transportKind() === 'desktop' && (
          <button type="button" className="secondary" onClick={() => void api().call('backup.pickFolder').then((r) => r.path && setForm((f) => ({ ...f, current: r.path! })))}>
            Choose a folder…
          </button>
        )}
        <select aria-label="which files" value={form.mode} onChange={(e) => setForm({ ...form, mode: e.target.value as 'newest' | 'recent' })}>
          <option value="newest">the newest file</option>
          <option value="recent">all files of the last days</option>
        </select>
        {form.mode === 'recent' && <input aria-label="days" type="number" min={1} value={form.days} onChange={(e) => setForm({ ...form, days: e.target.value })} />}
        <label>
          every <input aria-label="interval in minutes" type="number" min={1} placeholder="—" value={form.interval} onChange={(e) => setForm({ ...form, interval: e.target.value })} /> min
        </label>
        <label>
          <input type="checkbox" checked={form.onChange} onChange={(e) => setForm({ ...form, onChange: e.target.checked })} /> when the data changes
        </label>
        <button type="submit" disabled={store.busy || !form.name.trim() || !form.current.trim() || !store.reference}>
          Add watch
        </button>
      </div>
      {browser && (
        <p className="footnote" data-testid="watch-folders-hint">
          {folders.length
            ? `The watched path must lie inside ${folders.join(', ')} (drift.dataFolders).`
            : 'Watching files on the host from the browser needs a folder in drift.dataFolders (config.json or the desktop app).'}
        </p>
      )}
    </form>
  );
}
