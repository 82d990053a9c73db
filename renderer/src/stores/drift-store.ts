import { create, type StoreApi } from 'zustand';
import type { DatasetSource, DriftColumns, DriftProgress, DriftReport, DriftRunSummary, FeatureKind } from '../../../shared/drift';
import { datasetSourceFor } from '../api/upload-dataset';
import { api } from './api-ref';

type Side = 'reference' | 'current';
export type ColumnChoice = FeatureKind | 'skip';
interface Picked {
  name: string;
  source: DatasetSource;
}

interface DriftStore {
  reference: Picked | null;
  current: Picked | null;
  busy: string | null;
  error: string | null;
  columns: DriftColumns | null;
  /** The kind each column is tested as; 'skip' keeps an identifier, time or constant column out. */
  kinds: Record<string, ColumnChoice>;
  timestamp: string | null;
  progress: DriftProgress | null;
  report: DriftReport | null;
  history: DriftRunSummary[];
  pick(side: Side, file: File): Promise<void>;
  /** A file already on the host's machine (inside drift.dataFolders when over the network). */
  pickPath(side: Side, path: string): Promise<void>;
  setKind(column: string, kind: ColumnChoice): void;
  setTimestamp(column: string | null): void;
  run(): Promise<void>;
  loadHistory(): Promise<void>;
  open(id: number): Promise<void>;
  /** Saves a stored run as a self-contained HTML file, through the browser's download. */
  exportReport(id: number): Promise<void>;
}

export const useDrift = create<DriftStore>((set, get) => ({
  reference: null,
  current: null,
  busy: null,
  error: null,
  columns: null,
  kinds: {},
  timestamp: null,
  progress: null,
  report: null,
  history: [],

  pick(side, file) {
    return choose(set, get, side, file.name, () => datasetSourceFor(file));
  },

  pickPath(side, path) {
    return choose(set, get, side, path, async () => ({ source: { path }, name: path }));
  },

  setKind(column, kind) {
    set({ kinds: { ...get().kinds, [column]: kind } });
  },

  setTimestamp(column) {
    set({ timestamp: column });
  },

  async run() {
    const { reference, current, columns, kinds, timestamp } = get();
    if (!reference || !current || !columns) return;
    const inferred = Object.fromEntries(columns.columns.map((c) => [c.name, c.kind]));
    const setAside = new Set(columns.columns.filter((c) => c.role && c.role !== 'feature').map((c) => c.name));
    // A kind differing from the inferred one, or any kind for a column that would be set aside, is sent as asked.
    const changed = (kind: FeatureKind) =>
      Object.keys(kinds).filter((name) => name !== timestamp && kinds[name] === kind && (inferred[name] !== kind || setAside.has(name)));
    const runId = `ui-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const off = api().on('drift.progress', (progress) => progress.runId === runId && set({ progress }));
    set({ busy: 'Comparing…', error: null, progress: null });
    try {
      const report = await api().call('drift.run', {
        reference: reference.source,
        current: current.source,
        runId,
        options: {
          ...(timestamp && { timestamp }),
          ...(changed('categorical').length && { categorical: changed('categorical') }),
          ...(changed('numerical').length && { numerical: changed('numerical') }),
        },
      });
      set({ report });
      void get().loadHistory();
    } catch (error) {
      set({ error: (error as Error).message });
    } finally {
      off();
      set({ busy: null, progress: null });
    }
  },

  async loadHistory() {
    try {
      set({ history: await api().call('drift.history', { limit: 50 }) });
    } catch {
      // The history is a convenience; the page works without it.
    }
  },

  async exportReport(id) {
    try {
      const { fileName, html } = await api().call('drift.report', { id });
      const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  async open(id) {
    try {
      set({ report: await api().call('drift.get', { id }), error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
}));

/** Sets one side, and once both are there asks the host which columns they share. */
async function choose(
  set: StoreApi<DriftStore>['setState'],
  get: StoreApi<DriftStore>['getState'],
  side: Side,
  label: string,
  source: () => Promise<Picked>,
): Promise<void> {
  set({ busy: `Reading ${label}…`, error: null, columns: null });
  try {
    set({ [side]: await source() } as Partial<DriftStore>);
    const { reference, current } = get();
    if (reference && current) {
      const columns = await api().call('drift.columns', { reference: reference.source, current: current.source });
      set({
        columns,
        kinds: Object.fromEntries(columns.columns.map((c) => [c.name, c.role && c.role !== 'feature' ? 'skip' : c.kind])),
        timestamp: columns.columns.find((c) => c.timestampLike)?.name ?? null,
      });
    }
  } catch (error) {
    set({ error: (error as Error).message });
  } finally {
    set({ busy: null });
  }
}
