import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrations, type Migration } from './migrations';

export type Db = Database.Database;

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export const databaseFileName = 'vigil.db';

export interface StoreOptions {
  /**
   * The better-sqlite3 binding to load instead of the one `npm install` built for Node: the
   * Electron main process passes its own copy, built for Electron's ABI (see main/native/).
   */
  nativeBinding?: string;
}

/**
 * Opens `<dataDir>/vigil.db` (created when absent), in WAL mode, and applies pending migrations.
 * A file that is not a SQLite database, or one written by a newer Vigil, is reported and left
 * exactly as it was.
 */
export function openStore(dataDir: string, known: readonly Migration[] = migrations, options: StoreOptions = {}): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, databaseFileName);
  const existed = existsSync(path);
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: existed, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (error) {
    throw new StoreError(`cannot open the database ${path}: ${(error as Error).message}`);
  }
  try {
    checkReadable(db, path);
    const version = schemaVersion(db);
    const latest = Math.max(0, ...known.map((m) => m.version));
    if (version > latest) {
      throw new StoreError(
        `the database ${path} was written by a newer version of Vigil (schema ${version}; this version knows up to ${latest}). ` +
          'Update Vigil, or point it at another data directory with --data-dir. The file was not changed.',
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // better-sqlite3 builds SQLite with a 16 MiB page cache; a host that writes all day would grow
    // into it over its first ten minutes. SQLite's own default (2 MiB) keeps memory flat from the
    // start, and the pages it misses come from the operating system's file cache.
    db.pragma('cache_size = -2000');
    applyMigrations(db, known);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Reads the header before any write, so a foreign or damaged file is never touched. */
function checkReadable(db: Db, path: string): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    throw new StoreError(
      `the database ${path} is corrupt or is not a Vigil database (${(error as Error).message}). ` +
        'It was left untouched: move it aside to start with a fresh one, or restore it from a backup.',
    );
  }
}

function schemaVersion(db: Db): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number | null };
  return row.version ?? 0;
}

/** Applies every known migration the database lacks, in order: one that landed after a later one still applies. */
function applyMigrations(db: Db, known: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  const applied = new Set(db.prepare('SELECT version FROM schema_version').pluck().all() as number[]);
  const pending = [...known].filter((m) => !applied.has(m.version)).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    })();
  }
}
