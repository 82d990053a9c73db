import type { DriftReport, DriftRunSummary } from '../../shared/drift';
import type { WatchPoint } from '../../shared/drift-watch';
import type { Db } from './open';

/** One check a drift watch ran, as its list and sparkline show it. */
export type WatchRun = WatchPoint & { drifted: boolean; current: string };

/**
 * Drift runs and their per-feature results. The full report is kept as JSON beside the indexed
 * columns the history and the alert engine query.
 */
export function createDriftRunRepository(db: Db) {
  const insertRun = db.prepare(
    'INSERT INTO drift_runs (created_at, reference, current, feature_count, drifted_count, level, report, watch_id, drifted_share) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const setReport = db.prepare('UPDATE drift_runs SET report = ? WHERE id = ?');
  const insertResult = db.prepare('INSERT INTO drift_results (run_id, feature, kind, level, psi, p_value) VALUES (?, ?, ?, ?, ?, ?)');
  const countResults = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM drift_results');
  const oldestRun = db.prepare<[], { id: number; n: number }>(
    'SELECT r.id, (SELECT count(*) FROM drift_results WHERE run_id = r.id) AS n FROM drift_runs r ORDER BY r.created_at, r.id LIMIT 1',
  );
  const deleteRun = db.prepare('DELETE FROM drift_runs WHERE id = ?');
  const listRuns = db.prepare<[number], { id: number; created_at: number; reference: string; current: string; feature_count: number; drifted_count: number; level: string; watch: string | null }>(
    'SELECT r.id, r.created_at, r.reference, r.current, r.feature_count, r.drifted_count, r.level, w.name AS watch FROM drift_runs r LEFT JOIN drift_watches w ON w.id = r.watch_id ORDER BY r.created_at DESC, r.id DESC LIMIT ?',
  );
  const watchRuns = db.prepare<[number, number], { id: number; created_at: number; drifted_share: number; level: string; drifted: number; current: string }>(
    "SELECT id, created_at, drifted_share, level, json_extract(report, '$.dataset.drifted') AS drifted, current FROM drift_runs WHERE watch_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
  );
  const getReport = db.prepare<[number], { report: string }>('SELECT report FROM drift_runs WHERE id = ?');

  return {
    /** Stores a run and its results in one transaction, then drops the oldest runs beyond `maxResults` results. */
    save: db.transaction((report: DriftReport, maxResults: number): DriftReport => {
      const { lastInsertRowid } = insertRun.run(
        report.createdAt,
        report.reference.name,
        report.current.name,
        report.dataset.featureCount,
        report.dataset.driftedCount,
        report.dataset.level,
        '{}',
        report.watch?.id ?? null,
        report.dataset.driftedShare,
      );
      const id = Number(lastInsertRowid);
      const saved = { ...report, id };
      setReport.run(JSON.stringify(saved), id);
      for (const f of report.features) insertResult.run(id, f.name, f.kind, f.level, f.psi, f.pValue);
      let total = countResults.get()!.n;
      while (total > maxResults) {
        const oldest = oldestRun.get();
        if (!oldest || oldest.id === id) break;
        deleteRun.run(oldest.id);
        total -= oldest.n;
      }
      return saved;
    }),

    list(limit = 100): DriftRunSummary[] {
      return listRuns.all(limit).map((r) => ({
        id: r.id,
        createdAt: r.created_at,
        reference: r.reference,
        current: r.current,
        featureCount: r.feature_count,
        driftedCount: r.drifted_count,
        level: r.level as DriftRunSummary['level'],
        ...(r.watch !== null && { watch: r.watch }),
      }));
    },

    /** A watch's recent runs, oldest first: the points of its sparkline. */
    ofWatch(watchId: number, limit: number): WatchRun[] {
      return watchRuns
        .all(watchId, limit)
        .reverse()
        .map((r) => ({ runId: r.id, at: r.created_at, driftedShare: r.drifted_share, level: r.level as WatchPoint['level'], drifted: r.drifted === 1, current: r.current }));
    },

    get(id: number): DriftReport | null {
      const row = getReport.get(id);
      return row ? (JSON.parse(row.report) as DriftReport) : null;
    },
  };
}
export type DriftRunRepository = ReturnType<typeof createDriftRunRepository>;
