import type { DriftWatch } from '../../shared/drift-watch';
import type { Db } from './open';

/** What defines a watch, as stored; its state (last check, error) lives in columns beside it. */
export type WatchSpec = Pick<DriftWatch, 'reference' | 'current' | 'select' | 'intervalMinutes' | 'onChange' | 'options' | 'confined'>;

export interface StoredWatch extends WatchSpec {
  id: number;
  name: string;
  createdAt: number;
  lastCheckAt: number | null;
  error: { at: number; message: string } | null;
}

interface Row {
  id: number;
  name: string;
  spec: string;
  created_at: number;
  last_check_at: number | null;
  error_at: number | null;
  error: string | null;
}

/** The drift watches: what each one checks, when it last did, and its last error. */
export function createDriftWatchRepository(db: Db) {
  const insert = db.prepare('INSERT INTO drift_watches (name, spec, created_at) VALUES (?, ?, ?)');
  const all = db.prepare<[], Row>('SELECT * FROM drift_watches ORDER BY name');
  const byId = db.prepare<[number], Row>('SELECT * FROM drift_watches WHERE id = ?');
  const byName = db.prepare<[string], Row>('SELECT * FROM drift_watches WHERE name = ?');
  const remove = db.prepare('DELETE FROM drift_watches WHERE id = ?');
  const checked = db.prepare('UPDATE drift_watches SET last_check_at = ?, error_at = ?, error = ? WHERE id = ?');

  return {
    add(name: string, spec: WatchSpec, createdAt: number): StoredWatch {
      const { lastInsertRowid } = insert.run(name, JSON.stringify(spec), createdAt);
      return fromRow(byId.get(Number(lastInsertRowid))!);
    },
    list(): StoredWatch[] {
      return all.all().map(fromRow);
    },
    get(id: number): StoredWatch | null {
      const row = byId.get(id);
      return row ? fromRow(row) : null;
    },
    named(name: string): StoredWatch | null {
      const row = byName.get(name);
      return row ? fromRow(row) : null;
    },
    remove(id: number): boolean {
      return remove.run(id).changes > 0;
    },
    /** Records a check: its time, and its error (null when it produced a result). */
    recordCheck(id: number, at: number, error: string | null): void {
      checked.run(at, error === null ? null : at, error, id);
    },
  };
}
export type DriftWatchRepository = ReturnType<typeof createDriftWatchRepository>;

function fromRow(row: Row): StoredWatch {
  return {
    ...(JSON.parse(row.spec) as WatchSpec),
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastCheckAt: row.last_check_at,
    error: row.error_at !== null && row.error !== null ? { at: row.error_at, message: row.error } : null,
  };
}
