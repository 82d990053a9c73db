import type { DriftReport, DriftRunSummary } from '../../shared/drift';
import type { Db } from './open';

/**
 * Drift runs and their per-feature results. The full report is kept as JSON beside the indexed
 * columns the history and the alert engine query.
 */
export function createDriftRunRepository(db: Db) {
  const insertRun = db.prepare(
    'INSERT INTO drift_runs (created_at, reference, current, feature_count, drifted_count, level, report) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const setReport = db.prepare('UPDATE drift_runs SET report = ? WHERE id = ?');
  const insertResult = db.prepare('INSERT INTO drift_results (run_id, feature, kind, level, psi, p_value) VALUES (?, ?, ?, ?, ?, ?)');
  const countResults = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM drift_results');
  const oldestRun = db.prepare<[], { id: number; n: number }>(
    'SELECT r.id, (SELECT count(*) FROM drift_results WHERE run_id = r.id) AS n FROM drift_runs r ORDER BY r.created_at, r.id LIMIT 1',
  );
  const deleteRun = db.prepare('DELETE FROM drift_runs WHERE id = ?');
  const listRuns = db.prepare<[number], { id: number; created_at: number; reference: string; current: string; feature_count: number; drifted_count: number; level: string }>(
    'SELECT id, created_at, reference, current, feature_count, drifted_count, level FROM drift_runs ORDER BY created_at DESC, id DESC LIMIT ?',
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
      }));
    },

    get(id: number): DriftReport | null {
      const row = getReport.get(id);
      return row ? (JSON.parse(row.report) as DriftReport) : null;
    },
  };
}
export type DriftRunRepository = ReturnType<typeof createDriftRunRepository>;
