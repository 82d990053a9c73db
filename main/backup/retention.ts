import type { CatalogRecord } from '../store/backup-catalog';

export interface RetentionPolicy {
  /** Full chains kept per source (a chain: a full and every archive built on it). */
  fulls: number;
  /** Incremental and differential archives kept per source, counted over the kept chains. */
  incrementals: number;
}

/**
 * What retention deletes, per source, whole chains only: the newest chain is always kept; older
 * chains are kept, newest first, while there are at most `fulls` of them and their incremental
 * and differential archives together number at most `incrementals`. The first chain that would
 * break either limit goes, and every chain older than it. Nothing kept ever loses an archive it
 * depends on.
 */
export function planPrune(archives: CatalogRecord[], policy: RetentionPolicy): { remove: CatalogRecord[]; freedBytes: number } {
  const complete = archives.filter((a) => a.status === 'complete');
  const byId = new Map(complete.map((a) => [a.id, a]));
  const rootOf = (a: CatalogRecord): number => {
    let at = a;
    while (at.parentId !== null && byId.has(at.parentId)) at = byId.get(at.parentId)!;
    return at.id;
  };
  const bySource = new Map<string, CatalogRecord[]>();
  for (const a of complete) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a]);
  const remove: CatalogRecord[] = [];
  for (const list of bySource.values()) {
    const dependents = new Map<number, number>();
    for (const a of list) if (a.kind !== 'full') dependents.set(rootOf(a), (dependents.get(rootOf(a)) ?? 0) + 1);
    const keptRoots = new Set<number>();
    let incrementals = 0;
    for (const full of list.filter((a) => a.kind === 'full').sort((x, y) => y.id - x.id)) {
      const count = dependents.get(full.id) ?? 0;
      if (keptRoots.size > 0 && (keptRoots.size >= policy.fulls || incrementals + count > policy.incrementals)) break;
      keptRoots.add(full.id);
      incrementals += count;
    }
    remove.push(...list.filter((a) => !keptRoots.has(rootOf(a))));
  }
  return { remove, freedBytes: remove.reduce((sum, a) => sum + (a.bytes ?? 0), 0) };
}

/** Bytes that deleting `archive` would free: itself and every archive that depends on it. */
export function freedIfDeleted(archives: CatalogRecord[], archive: CatalogRecord): number {
  const dependents = (id: number): CatalogRecord[] => archives.filter((a) => a.parentId === id).flatMap((a) => [a, ...dependents(a.id)]);
  return [archive, ...dependents(archive.id)].reduce((sum, a) => sum + (a.bytes ?? 0), 0);
}
