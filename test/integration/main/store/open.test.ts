import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../../main/store/migrations';
import { openStore, StoreError } from '../../../../main/store/open';
import { createMetaRepository } from '../../../../main/store/meta';
import { tempDir } from '../../../helpers/temp-dir';
import { nodeBindingPath } from '../../../../main/native/electron-sqlite';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

describe('openStore', () => {
  it('creates vigil.db in WAL mode with a 2 MiB page cache and every migration recorded', () => {
    const dir = tempDir();
    const db = openStore(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // A 2 MiB page cache (not better-sqlite3's 16 MiB): the host's memory stays flat as the file grows.
    expect(db.pragma('cache_size', { simple: true })).toBe(-2000);
    const versions = db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all();
    expect(versions).toEqual(migrations.map((m) => m.version));
    db.close();
  });

  it('applies only the migrations a database does not have yet, and keeps its data', () => {
    const dir = tempDir();
    const first = openStore(dir, migrations);
    createMetaRepository(first).remember('firstStartedAt', '1');
    first.close();
    const later = [...migrations, { version: 99, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER) STRICT' }];
    const db = openStore(dir, later);
    expect(db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual([
      ...migrations.map((m) => m.version),
      99,
    ]);
    expect(createMetaRepository(db).remember('firstStartedAt', '2')).toBe('1');
    db.close();
  });

  it('applies a migration that landed after a later one (a database that skipped it gets it)', () => {
    const dir = tempDir();
    const withoutSeven = migrations.filter((m) => m.version !== 7);
    openStore(dir, withoutSeven).close();
    const db = openStore(dir, migrations);
    expect(db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual(migrations.map((m) => m.version));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'drift_watches'").pluck().get()).toBe('drift_watches');
    db.close();
  });

  it('refuses a database written by a newer version, with a clear message, and changes nothing', () => {
    const dir = tempDir();
    openStore(dir).close();
    const raw = new Database(join(dir, 'vigil.db'));
    raw.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(1000, 'future', 0);
    raw.close();
    const before = readFileSync(join(dir, 'vigil.db'));
    expect(() => openStore(dir)).toThrow(StoreError);
    expect(() => openStore(dir)).toThrow(/newer version of Vigil \(schema 1000/);
    expect(readFileSync(join(dir, 'vigil.db')).equals(before)).toBe(true);
  });

  it('reports a corrupt file and never overwrites it', () => {
    const dir = tempDir();
    const garbage = Buffer.from('this is not a database, but it is somebody\'s file\n'.repeat(200));
    writeFileSync(join(dir, 'vigil.db'), garbage);
    expect(() => openStore(dir)).toThrow(/corrupt or is not a Vigil database.*left untouched/);
    expect(readFileSync(join(dir, 'vigil.db')).equals(garbage)).toBe(true);
  });

  it('loads the SQLite binding it is given instead of Node’s own (how the Electron host opens it)', () => {
    const elsewhere = join(tempDir(), 'electron-v0');
    mkdirSync(elsewhere);
    const copy = join(elsewhere, 'better_sqlite3.node');
    copyFileSync(nodeBindingPath(repoRoot), copy);
    const db = openStore(tempDir(), migrations, { nativeBinding: copy });
    expect(db.prepare('SELECT count(*) FROM schema_version').pluck().get()).toBe(migrations.length);
    db.close();
  });

  it('reports a missing binding and creates no database', () => {
    const dir = tempDir();
    const missing = join(tempDir(), 'better_sqlite3.node');
    expect(() => openStore(dir, migrations, { nativeBinding: missing })).toThrow(StoreError);
    expect(() => openStore(dir, migrations, { nativeBinding: missing })).toThrow(/cannot open the database .*better_sqlite3\.node/s);
    expect(existsSync(join(dir, 'vigil.db'))).toBe(false);
  });
});
