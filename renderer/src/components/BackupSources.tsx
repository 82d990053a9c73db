import { useState } from 'react';
import { excludePresets, type SourceStatus } from '../../../shared/backup';
import { preloadBridge } from '../api/ipc-transport';
import { formatBytes, formatTime } from '../format';
import { api } from '../stores/api-ref';
import { useBackups } from '../stores/backup-store';

interface Draft {
  previousName?: string;
  name: string;
  path: string;
  exclude: string[];
}

const nameFromPath = (path: string) => (path.replace(/\/+$/, '').split('/').at(-1) ?? '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');

/** What is protected: each source with its state, and adding, editing and removing them. */
export function BackupSources() {
  const { sources, checkFolder, saveSource, removeSource } = useBackups();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const nothingToProtect = sources.every((s) => !s.exists);

  const edit = (source?: SourceStatus) => {
    setProblem(null);
    setDraft(source ? { previousName: source.name, name: source.name, path: source.path, exclude: source.exclude } : { name: '', path: '', exclude: [] });
  };
  const check = async () => {
    if (draft?.path.trim()) setProblem(await checkFolder(draft.path));
  };
  const save = async () => {
    if (!draft) return;
    const name = draft.name.trim() || nameFromPath(draft.path);
    const folderProblem = await checkFolder(draft.path);
    setProblem(folderProblem);
    if (folderProblem) return;
    if (await saveSource({ name, path: draft.path.trim(), exclude: draft.exclude }, draft.previousName)) setDraft(null);
  };
  // The desktop app knows a dropped folder's path and has a folder dialog; the browser has the path field.
  const desktop = preloadBridge();
  const takePath = async (path: string | null) => {
    if (!draft || !path) return;
    setDraft({ ...draft, path });
    setProblem(await checkFolder(path));
  };
  const drop = (e: React.DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (!file) return;
    if (desktop) void takePath(desktop.getPathForFile(file));
    else setProblem('a browser does not tell where a dropped folder is: type its path');
  };
  const togglePreset = (patterns: readonly string[]) => {
    if (!draft) return;
    const on = patterns.every((p) => draft.exclude.includes(p));
    setDraft({ ...draft, exclude: on ? draft.exclude.filter((p) => !patterns.includes(p)) : [...draft.exclude, ...patterns.filter((p) => !draft.exclude.includes(p))] });
  };

  return (
    <section className="card" data-testid="backup-sources">
      <h3>What is protected</h3>
      {nothingToProtect && (
        <p role="status" data-testid="choose-folders">
          {sources.length ? 'None of the folders set up to be backed up exists on this machine' : 'No folder is set up to be backed up'}: nothing is
          protected yet. Choose the folders to protect.
        </p>
      )}
      {sources.length > 0 && (
        <table className="results compact">
          <thead>
            <tr>
              <th>Source</th>
              <th>Folder</th>
              <th>Size</th>
              <th>Files</th>
              <th>Last archive</th>
              <th>Next run</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.name} data-source={s.name}>
                <td>{s.name}</td>
                <td>
                  {s.path}
                  {!s.exists && <span className="error"> · folder not found</span>}
                  {s.exclude.length > 0 && <div className="detail">excluding {s.exclude.join(', ')}</div>}
                </td>
                <td>{s.sizeBytes === null ? '—' : formatBytes(s.sizeBytes)}</td>
                <td>{s.files ?? '—'}</td>
                <td>{s.lastArchive ? `#${s.lastArchive.id} ${s.lastArchive.kind}, ${formatTime(s.lastArchive.at)}` : 'never'}</td>
                <td>{s.nextRun === null ? '—' : formatTime(s.nextRun)}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => edit(s)}>
                    Edit
                  </button>{' '}
                  <button type="button" className="secondary" onClick={() => void removeSource(s.name)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!draft && (
        <button type="button" onClick={() => edit()}>
          Add a folder
        </button>
      )}
      {draft && (
        <form
          className="source-form"
          data-testid="source-form"
          onDragOver={(e) => e.preventDefault()}
          onDrop={drop}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            Folder <input type="text" aria-label="Folder path" placeholder="/home/me/models (or drop a folder here)" value={draft.path} onChange={(e) => setDraft({ ...draft, path: e.target.value })} onBlur={() => void check()} />
          </label>
          {desktop && (
            <button type="button" className="secondary" onClick={() => void api().call('backup.pickFolder').then((r) => takePath(r.path))}>
              Choose a folder…
            </button>
          )}
          <label>
            Name <input type="text" aria-label="Source name" placeholder={nameFromPath(draft.path) || 'models'} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </label>
          {problem && (
            <p role="alert" className="error" data-testid="folder-problem">
              {problem}
            </p>
          )}
          <div className="presets">
            Leave out:{' '}
            {excludePresets.map((preset) => (
              <label key={preset.label}>
                <input type="checkbox" checked={preset.patterns.every((p) => draft.exclude.includes(p))} onChange={() => togglePreset(preset.patterns)} /> {preset.label}
              </label>
            ))}
          </div>
          <label>
            Exclude patterns, one a line
            <textarea aria-label="Exclude patterns" rows={3} value={draft.exclude.join('\n')} onChange={(e) => setDraft({ ...draft, exclude: e.target.value.split('\n') })} />
          </label>
          <button type="submit">{draft.previousName === undefined ? 'Protect this folder' : 'Save'}</button>{' '}
          <button type="button" className="secondary" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </form>
      )}
    </section>
  );
}
