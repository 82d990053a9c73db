import type { BackupCatalog } from '../store/backup-catalog';
import { readArchive } from './archive-io';
import { readManifest } from './manifest';

export interface VerifyResult {
  id: number;
  ok: boolean;
  problem: string | null;
  /** Complete archives whose restore needs this one. */
  dependents: number[];
}

/** Re-hashes archives against the catalog and each entry against its manifest. */
export async function verifyArchives(catalog: BackupCatalog, id?: number): Promise<VerifyResult[]> {
  const all = catalog.list().filter((a) => a.status === 'complete');
  const targets = id === undefined ? all : all.filter((a) => a.id === id);
  const results: VerifyResult[] = [];
  for (const archive of targets) {
    let problem: string | null = null;
    try {
      const stored = await readArchive(archive.path!);
      if (stored.sha256 !== archive.sha256) problem = 'its SHA-256 does not match the catalog';
      else {
        const manifest = await readManifest(archive.manifestPath!);
        const bad = manifest.taken.find((path) => {
          const entry = manifest.tree[path];
          return entry?.type === 'file' && stored.entries.get(path)?.sha256 !== entry.sha256;
        });
        if (bad) problem = `${bad} does not match its manifest`;
      }
    } catch (error) {
      problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the archive or its manifest is missing' : `unreadable: ${(error as Error).message}`;
    }
    const dependents = all.filter((a) => a.id !== archive.id && catalog.chain(a.id).some((c) => c.id === archive.id)).map((a) => a.id);
    results.push({ id: archive.id, ok: problem === null, problem, dependents });
  }
  return results;
}
