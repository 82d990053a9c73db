import type { Manifest } from './manifest';

/** A path that stays inside the folder it is joined to: relative, no "." or ".." parts, no NUL. */
export function safeRelative(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\0')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** The tar entry types a restore writes, and the tree type each must have in the manifest. */
const manifestTypeOf: Record<string, string> = { File: 'file', OldFile: 'file', Link: 'file', Directory: 'directory', SymbolicLink: 'symlink' };

/**
 * Why restore would refuse this archive entry, or null. A symlink may point anywhere (creating it
 * is safe: restore never writes through one); a hard link must name a file stored before it in
 * the same archive; every entry must be one the manifest says this archive holds, with its type
 * (and a symlink with the manifest's target: restore checks the link it made against it).
 */
export function entryProblem(manifest: Manifest, taken: ReadonlySet<string>, path: string, type: string, linkpath: string | null): string | null {
  if (!safeRelative(path)) return 'its path leaves the target';
  const expected = manifestTypeOf[type];
  if (!expected) return `${type} entries are never restored`;
  if (!taken.has(path)) return 'it is not in the manifest';
  if (manifest.tree[path]?.type !== expected) return `the manifest says it is a ${manifest.tree[path]?.type ?? 'deleted path'}`;
  if (type === 'SymbolicLink' && (!linkpath || linkpath.includes('\0'))) return 'its link target is empty';
  if (type === 'SymbolicLink' && linkpath !== manifest.tree[path]!.linkTarget) return 'its link target is not the one in the manifest';
  if (type === 'Link' && (!linkpath || !safeRelative(linkpath) || !taken.has(linkpath) || manifest.tree[linkpath]?.type !== 'file')) return 'its hard link leaves the archive';
  return null;
}

/**
 * Why restore would refuse this manifest, or null: a path it writes or deletes that leaves the
 * target, or that lies under a symlink (restoring it would write through the link).
 */
export function manifestProblem(manifest: Manifest): string | null {
  for (const path of [...manifest.taken, ...manifest.deleted]) if (!safeRelative(path)) return `${JSON.stringify(path)} leaves the target`;
  for (const path of Object.keys(manifest.tree)) {
    if (!safeRelative(path)) return `${JSON.stringify(path)} leaves the target`;
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (manifest.tree[parts.slice(0, i).join('/')]?.type === 'symlink') return `${path} lies under a symlink`;
    }
  }
  return null;
}
