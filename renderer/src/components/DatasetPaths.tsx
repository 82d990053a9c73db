import { useState } from 'react';
import { transportKind } from '../api/transport-kind';
import { useConfig } from '../stores/config-store';
import { useConnection } from '../stores/connection-store';
import { useDrift } from '../stores/drift-store';

const noFolders: string[] = [];

/**
 * In the browser: compare files already on the host's machine, by path, inside drift.dataFolders
 * (set in config.json or the desktop app). Without such a folder, say how to add one.
 */
export function DatasetPaths() {
  const folders = useConfig((s) => s.config?.drift.dataFolders) ?? noFolders;
  const configPath = useConnection((s) => s.info?.configPath) ?? 'config.json';
  const [paths, setPaths] = useState({ reference: '', current: '' });
  if (transportKind() !== 'browser') return null;
  if (folders.length === 0) {
    return (
      <p className="footnote" data-testid="data-folders-hint">
        Files are uploaded to the host. To compare files already on that machine without uploading them, add their folder to{' '}
        <code>drift.dataFolders</code> in <code>{configPath}</code> and restart Vigil.
      </p>
    );
  }
  const use = async () => {
    const drift = useDrift.getState();
    await drift.pickPath('reference', paths.reference.trim());
    if (!useDrift.getState().error) await drift.pickPath('current', paths.current.trim());
  };
  return (
    <form
      className="card dataset-paths"
      onSubmit={(e) => {
        e.preventDefault();
        void use();
      }}
    >
      <span className="footnote">Or files on the host, inside {folders.join(', ')}:</span>
      <input aria-label="reference path" placeholder="reference path" value={paths.reference} onChange={(e) => setPaths({ ...paths, reference: e.target.value })} />
      <input aria-label="current path" placeholder="current path" value={paths.current} onChange={(e) => setPaths({ ...paths, current: e.target.value })} />
      <button type="submit" disabled={!paths.reference.trim() || !paths.current.trim()}>
        Use these files
      </button>
    </form>
  );
}
