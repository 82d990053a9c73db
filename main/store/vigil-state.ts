import type { DriftLevel } from '../../shared/drift';
import type { Severity } from '../../shared/alerts';
import type { Db } from './open';

/** What a fleet needs to see of one Vigil's own state, read from its database when Prometheus scrapes. */
export interface VigilState {
  openAlerts: { rule: string; resource: string | null; severity: Severity; state: 'pending' | 'firing' }[];
  notifications: { channel: string; queued: number; delivered: number; failed: number }[];
  backups: {
    source: string;
    lastSuccessAt: number | null;
    lastDurationMs: number | null;
    lastBytes: number | null;
    failures: number;
    failuresSinceSuccess: number;
  }[];
  /** The latest run per dataset (the current side's name). */
  drift: { dataset: string; level: DriftLevel; featureCount: number; driftedCount: number; at: number }[];
  /** Each drift watch: its last check, whether it worked, and the last result it produced. */
  watches: { watch: string; lastCheckAt: number | null; failing: boolean; driftedShare: number | null; level: DriftLevel | null; lastResultAt: number | null }[];
}

export function createVigilStateQuery(db: Db): () => VigilState {
  const alerts = db.prepare<[], VigilState['openAlerts'][number]>(
    "SELECT rule, resource, severity, state FROM alerts WHERE state IN ('pending', 'firing') ORDER BY rule, resource",
  );
  const outbox = db.prepare<[], VigilState['notifications'][number]>(`
    SELECT channel,
           sum(delivered_at IS NULL AND failed_at IS NULL) AS queued,
           sum(delivered_at IS NOT NULL) AS delivered,
           sum(failed_at IS NOT NULL) AS failed
    FROM alert_outbox GROUP BY channel ORDER BY channel`);
  const backups = db.prepare<[], VigilState['backups'][number]>(`
    WITH last_ok AS (
      SELECT source, max(id) AS id FROM backup_archives WHERE status = 'complete' GROUP BY source
    )
    SELECT s.source,
           ok.finished_at AS lastSuccessAt,
           ok.finished_at - ok.created_at AS lastDurationMs,
           ok.bytes AS lastBytes,
           (SELECT count(*) FROM backup_archives f WHERE f.source = s.source AND f.status = 'failed') AS failures,
           (SELECT count(*) FROM backup_archives f WHERE f.source = s.source AND f.status = 'failed' AND f.id > coalesce(l.id, 0)) AS failuresSinceSuccess
    FROM (SELECT DISTINCT source FROM backup_archives) s
    LEFT JOIN last_ok l ON l.source = s.source
    LEFT JOIN backup_archives ok ON ok.id = l.id
    ORDER BY s.source`);
  const drift = db.prepare<[], VigilState['drift'][number]>(`
    SELECT current AS dataset, level, feature_count AS featureCount, drifted_count AS driftedCount, created_at AS at
    FROM drift_runs r
    WHERE watch_id IS NULL AND id = (SELECT id FROM drift_runs WHERE current = r.current AND watch_id IS NULL ORDER BY created_at DESC, id DESC LIMIT 1)
    ORDER BY current`);
  // A watch reads a new file on each check: its results are series of the watch, not one per file.
  const watches = db.prepare<[], Omit<VigilState['watches'][number], 'failing'> & { failing: number }>(`
    SELECT w.name AS watch, w.last_check_at AS lastCheckAt, w.error IS NOT NULL AS failing,
           r.drifted_share AS driftedShare, r.level, r.created_at AS lastResultAt
    FROM drift_watches w
    LEFT JOIN drift_runs r ON r.id = (SELECT id FROM drift_runs WHERE watch_id = w.id ORDER BY created_at DESC, id DESC LIMIT 1)
    ORDER BY w.name`);
  return () => ({ openAlerts: alerts.all(), notifications: outbox.all(), backups: backups.all(), drift: drift.all(), watches: watches.all().map((w) => ({ ...w, failing: w.failing === 1 })) });
}
