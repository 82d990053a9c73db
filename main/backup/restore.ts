import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readlink, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, posix, resolve, sep } from 'node:path';
import { extract } from 'tar';
import type { BackupCatalog } from '../store/backup-catalog';
import { fileSha256 } from './archive-io';
import { readManifest, type Manifest } from './manifest';

export class RestoreError extends Error {}

/** An entry path that stays inside the target: relative, no "..", nothing odd. */
function safeRelative(path: string): boolean {
  if (path === '' || isAbsolute(path) || path.includes('\0') || path.includes('\\')) return false;
  return !posix.normalize(path).split('/').includes('..') && !path.split('/').includes('..');
}

/**
 * Restores archive `id` (its whole chain: the full, then the differential or the incrementals)
 * into `to`, which must not exist or be empty. Everything is built in a staging folder beside it:
 * each archive's SHA-256 is checked before it is read, entries that could escape (absolute paths,
 * "..", links leading out, hard links, devices, anything the manifest does not list) are refused,
 * deletions are applied, and every file's hash is checked against the manifest. Only then is the
 * staging folder moved into place; on any failure it is removed and `to` is untouched.
 * `paths` restores only those files or folders.
 */
export async function restoreArchive(options: {
  id: number;
  to: string;
  paths?: string[];
  catalog: BackupCatalog;
  /** Restore over the existing folder (its original place): the old content is kept aside until the swap succeeded. */
  replace?: boolean;
}): Promise<{ files: number }> {
  const chain = options.catalog.chain(options.id);
  if (chain.some((a) => a.status !== 'complete')) throw new RestoreError(`archive ${chain.find((a) => a.status !== 'complete')!.id} in the chain is not complete`);
  const target = resolve(options.to);
  if (!options.replace) await ensureEmptyOrAbsent(target);
  const selected = (path: string) => !options.paths?.length || options.paths.some((p) => path === p || path.startsWith(`${p.replace(/\/$/, '')}/`) || p.startsWith(`${path}/`));

  const staging = join(dirname(target), `.${basename(target)}.vigil-restore-${randomBytes(4).toString('hex')}`);
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    let manifest: Manifest | null = null;
    for (const archive of chain) {
      if ((await fileSha256(archive.path!)) !== archive.sha256) throw new RestoreError(`archive ${archive.id} (${archive.path}) is corrupt: its SHA-256 does not match the catalog`);
      manifest = await readManifest(archive.manifestPath!);
      const listed = new Set(manifest.taken);
      const refused: string[] = [];
      if (listed.size > 0) await extract({
        file: archive.path!,
        cwd: staging,
        strict: true,
        preservePaths: false,
        // Only archives whose SHA-256 matched our own catalog get here; a checkpoint of zeros
        // legitimately compresses far beyond node-tar's zip-bomb guard.
        maxDecompressionRatio: Infinity,
        filter: (path, entry) => {
          const clean = path.replace(/\/$/, '');
          const type = 'type' in entry ? entry.type : 'File';
          const ok =
            safeRelative(clean) &&
            listed.has(clean) &&
            (type === 'File' || type === 'OldFile' || type === 'Directory' || type === 'SymbolicLink') &&
            (type !== 'SymbolicLink' || linkStaysInside(staging, clean, 'linkpath' in entry ? (entry.linkpath ?? '') : ''));
          if (!ok) refused.push(`${clean} (${type})`);
          return ok && selected(clean);
        },
      });
      if (refused.length) throw new RestoreError(`archive ${archive.id} holds entries that could escape the target or are not in its manifest: ${refused.slice(0, 5).join(', ')}`);
      for (const path of manifest.deleted) if (safeRelative(path) && selected(path)) await rm(join(staging, path), { recursive: true, force: true });
    }

    // Entry for entry and byte for byte against the manifest of the restored archive.
    const expected = Object.entries(manifest!.tree).filter(([path]) => selected(path));
    for (const [path, entry] of expected) {
      const real = join(staging, path);
      const info = await lstat(real).catch(() => null);
      if (!info) throw new RestoreError(`${path} is missing after extraction`);
      if (entry.type === 'file' && (!info.isFile() || (entry.sha256 !== null && (await fileSha256(real)) !== entry.sha256))) {
        throw new RestoreError(`${path} does not match its SHA-256 in the manifest`);
      }
      if (entry.type === 'symlink' && (!info.isSymbolicLink() || (await readlink(real)) !== entry.linkTarget)) throw new RestoreError(`${path} is not the link it was`);
      if (entry.type === 'directory' && !info.isDirectory()) throw new RestoreError(`${path} is not a folder`);
    }
    const extra = (await listTree(staging)).filter((path) => !(path in manifest!.tree));
    if (extra.length) throw new RestoreError(`unexpected entries after restore: ${extra.slice(0, 5).join(', ')}`);

    const files = expected.filter(([, e]) => e.type === 'file').length;
    if (options.replace && options.paths?.length) {
      // Only the chosen files and folders are put back; everything else in the target stays.
      for (const path of options.paths) {
        const from = join(staging, path);
        if (!(await lstat(from).catch(() => null))) continue;
        const to = join(target, path);
        await mkdir(dirname(to), { recursive: true });
        const aside = `${to}.vigil-old-${randomBytes(4).toString('hex')}`;
        const existed = await rename(to, aside).then(() => true, () => false);
        await rename(from, to);
        if (existed) await rm(aside, { recursive: true, force: true });
      }
      await rm(staging, { recursive: true, force: true });
      return { files };
    }
    if (options.replace && (await lstat(target).catch(() => null))) {
      const aside = join(dirname(target), `.${basename(target)}.vigil-old-${randomBytes(4).toString('hex')}`);
      await rename(target, aside);
      try {
        await rename(staging, target);
      } catch (error) {
        await rename(aside, target); // put the old content back
        throw error;
      }
      await rm(aside, { recursive: true, force: true });
      return { files };
    }
    await rmdir(target).catch(() => {});
    await rename(staging, target);
    return { files };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

function linkStaysInside(root: string, entryPath: string, linkTarget: string): boolean {
  if (!linkTarget || isAbsolute(linkTarget)) return false;
  const resolved = normalize(join(root, dirname(entryPath), linkTarget));
  return resolved === root || resolved.startsWith(root + sep);
}

async function ensureEmptyOrAbsent(path: string): Promise<void> {
  const info = await lstat(path).catch(() => null);
  if (!info) return;
  if (!info.isDirectory() || (await readdir(path)).length > 0) {
    throw new RestoreError(`${path} exists and is not an empty folder: restore into a new folder`);
  }
}

async function listTree(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.push(path);
    if (entry.isDirectory()) out.push(...(await listTree(root, path)));
  }
  return out;
}
