import type { Db } from './open';

/** Small key/value facts about this installation (first start, …). */
export function createMetaRepository(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const insertIfAbsent = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  return {
    /** Stores `value` under `key` unless a value is already there, and returns the stored one. */
    remember(key: string, value: string): string {
      insertIfAbsent.run(key, value);
      return get.get(key)!.value;
    },
  };
}
export type MetaRepository = ReturnType<typeof createMetaRepository>;
