import type { BackupCatalog } from '../store/backup-catalog';
import { readArchive } from './archive-io';
import { readManifest, type Manifest } from './manifest';
import { entryProblem, manifestProblem } from './restorable';

export interface VerifyResult {
  id: number;
  ok: boolean;
  problem: string | null;
  /** Complete archives whose restore needs this one. */
  dependents: number[];
}

/**
 * Re-hashes archives against the catalog and each entry against its manifest, and checks that
 * restore accepts every entry: an archive that verifies restores. Verifying one archive verifies
 * its chain too (the full first), and it fails when any of them does.
 */
export async function verifyArchives(catalog: BackupCatalog, id?: number): Promise<VerifyResult[]> {
  const all = catalog.list().filter((a) => a.status === 'complete');
  // One archive restores only with its whole chain: its parents are verified with it.
  const targets = id === undefined ? all : all.some((a) => a.id === id) ? catalog.chain(id) : [];
  const results: VerifyResult[] = [];
  for (const archive of targets) {
    if (archive.status !== 'complete') {
      results.push({ id: archive.id, ok: false, problem: `it is ${archive.status}, not complete`, dependents: [] });
      continue;
    }
    let problem: string | null = null;
    try {
      const stored = await readArchive(archive.path!);
      if (stored.sha256 !== archive.sha256) problem = 'its SHA-256 does not match the catalog';
      else {
        const manifest = await readManifest(archive.manifestPath!);
        problem = restorabilityProblem(manifest, stored.entries);
      }
    } catch (error) {
      problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the archive or its manifest is missing' : `unreadable: ${(error as Error).message}`;
    }
    const dependents = all.filter((a) => a.id !== archive.id && catalog.chain(a.id).some((c) => c.id === archive.id)).map((a) => a.id);
    results.push({ id: archive.id, ok: problem === null, problem, dependents });
  }
  const asked = id === undefined ? undefined : results.at(-1);
  const brokenParent = results.find((r) => !r.ok && r !== asked);
  if (asked?.ok && brokenParent) {
    Object.assign(asked, { ok: false, problem: `archive ${brokenParent.id} in its chain fails verify, so it cannot be restored` });
  }
  return results;
}

function restorabilityProblem(manifest: Manifest, entries: Awaited<ReturnType<typeof readArchive>>['entries']): string | null {
  const problem = manifestProblem(manifest);
  if (problem) return `restore would refuse it: ${problem}`;
  const taken = new Set(manifest.taken);
  for (const [path, entry] of entries) {
    const refused = entryProblem(manifest, taken, path, entry.type, entry.linkpath);
    if (refused) return `restore would refuse ${path}: ${refused}`;
  }
  for (const path of manifest.taken) {
    const entry = entries.get(path);
    if (!entry) return `${path} is missing from the archive`;
    const sha = entry.type === 'Link' ? entries.get(entry.linkpath!)?.sha256 : entry.sha256;
    if (manifest.tree[path]!.type === 'file' && sha !== manifest.tree[path]!.sha256) return `${path} does not match its manifest`;
  }
  return null;
}
