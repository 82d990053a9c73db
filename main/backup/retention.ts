import type { CatalogRecord } from '../store/backup-catalog';

/**
 * What a prune deletes: whole chains (a full and everything built on it) beyond the newest
 * `fulls`, so nothing kept ever loses an archive it depends on. Failed runs' rows go too.
 */
export function planPrune(archives: CatalogRecord[], fulls: number): { remove: CatalogRecord[]; freedBytes: number } {
  const complete = archives.filter((a) => a.status === 'complete');
  const rootOf = (a: CatalogRecord): number => {
    let at: CatalogRecord | undefined = a;
    while (at && at.parentId !== null) at = complete.find((c) => c.id === at!.parentId);
    return at?.id ?? a.id;
  };
  const bySource = new Map<string, CatalogRecord[]>();
  for (const a of complete) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a]);
  const remove: CatalogRecord[] = [];
  for (const list of bySource.values()) {
    const keptRoots = new Set(list.filter((a) => a.kind === 'full').sort((x, y) => y.id - x.id).slice(0, fulls).map((a) => a.id));
    remove.push(...list.filter((a) => !keptRoots.has(rootOf(a))));
  }
  return { remove, freedBytes: remove.reduce((sum, a) => sum + (a.bytes ?? 0), 0) };
}

/** Bytes that deleting `archive` would free: itself and every archive that depends on it. */
export function freedIfDeleted(archives: CatalogRecord[], archive: CatalogRecord): number {
  const dependents = (id: number): CatalogRecord[] => archives.filter((a) => a.parentId === id).flatMap((a) => [a, ...dependents(a.id)]);
  return [archive, ...dependents(archive.id)].reduce((sum, a) => sum + (a.bytes ?? 0), 0);
}
