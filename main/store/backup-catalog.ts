import type { ArchiveRecord, BackupKind } from '../../shared/backup';
import type { Db } from './open';

interface Row {
  id: number;
  source: string;
  kind: string;
  parent_id: number | null;
  status: string;
  archive_path: string | null;
  manifest_path: string | null;
  sha256: string | null;
  bytes: number | null;
  files: number | null;
  created_at: number;
  finished_at: number | null;
  error: string | null;
}

export type CatalogRecord = ArchiveRecord & { manifestPath: string | null };

const toRecord = (r: Row): CatalogRecord => ({
  id: r.id,
  source: r.source,
  kind: r.kind as BackupKind,
  parentId: r.parent_id,
  status: r.status as ArchiveRecord['status'],
  files: r.files,
  bytes: r.bytes,
  sha256: r.sha256,
  path: r.archive_path,
  manifestPath: r.manifest_path,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  error: r.error,
});

/** The catalog of archives: what exists, what it depends on, and whether it completed. */
export function createBackupCatalog(db: Db) {
  const get = db.prepare<[number], Row>('SELECT * FROM backup_archives WHERE id = ?');
  return {
    begin(source: string, kind: BackupKind, parentId: number | null, at: number): number {
      return Number(
        db.prepare("INSERT INTO backup_archives (source, kind, parent_id, status, created_at) VALUES (?, ?, ?, 'running', ?)").run(source, kind, parentId, at).lastInsertRowid,
      );
    },

    /** One transaction: the archive, its files, complete. Runs only after both files are durable. */
    complete: db.transaction(
      (id: number, done: { archivePath: string; manifestPath: string; sha256: string; bytes: number; files: { path: string; size: number; sha256: string | null }[]; at: number }) => {
        const insert = db.prepare('INSERT INTO backup_files (archive_id, path, size, sha256) VALUES (?, ?, ?, ?)');
        for (const f of done.files) insert.run(id, f.path, f.size, f.sha256);
        db.prepare("UPDATE backup_archives SET status = 'complete', archive_path = ?, manifest_path = ?, sha256 = ?, bytes = ?, files = ?, finished_at = ? WHERE id = ?").run(
          done.archivePath,
          done.manifestPath,
          done.sha256,
          done.bytes,
          done.files.length,
          done.at,
          id,
        );
      },
    ),

    fail(id: number, error: string, at: number): void {
      db.prepare("UPDATE backup_archives SET status = 'failed', error = ?, finished_at = ? WHERE id = ?").run(error, at, id);
    },

    /** Runs left 'running' by a crash are failed now. */
    failInterrupted(at: number): number {
      return db.prepare("UPDATE backup_archives SET status = 'failed', error = 'interrupted', finished_at = ? WHERE status = 'running'").run(at).changes;
    },

    get(id: number): CatalogRecord | null {
      const row = get.get(id);
      return row ? toRecord(row) : null;
    },

    latestComplete(source: string, kind?: BackupKind): CatalogRecord | null {
      const row = kind
        ? db.prepare<[string, string], Row>("SELECT * FROM backup_archives WHERE source = ? AND kind = ? AND status = 'complete' ORDER BY id DESC LIMIT 1").get(source, kind)
        : db.prepare<[string], Row>("SELECT * FROM backup_archives WHERE source = ? AND status = 'complete' ORDER BY id DESC LIMIT 1").get(source);
      return row ? toRecord(row) : null;
    },

    remove(id: number): void {
      db.prepare('DELETE FROM backup_archives WHERE id = ?').run(id);
    },

    list(): CatalogRecord[] {
      return db.prepare<[], Row>('SELECT * FROM backup_archives ORDER BY id').all().map(toRecord);
    },

    /** The archives a restore of `id` reads, oldest (the full) first. */
    chain(id: number): CatalogRecord[] {
      const chain: CatalogRecord[] = [];
      for (let at: number | null = id; at !== null; ) {
        const record = this.get(at);
        if (!record) throw new Error(`archive ${at} is missing from the catalog`);
        chain.unshift(record);
        at = record.parentId;
      }
      return chain;
    },
  };
}
export type BackupCatalog = ReturnType<typeof createBackupCatalog>;
