import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { chmod, link, lstat, lutimes, mkdir, readdir, readlink, rename, rm, rmdir, symlink } from 'node:fs/promises';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import type { BackupCatalog } from '../store/backup-catalog';
import { readManifest, type Manifest, type ManifestEntry } from './manifest';
import { entryProblem, manifestProblem, safeRelative } from './restorable';
import { processAlive } from './backup-lock';

/** The archive cannot be restored (corrupt, or holding entries restore refuses). */
export class RestoreError extends Error {}
/** The request cannot be carried out as asked (a bad path, a folder with content). */
export class RestoreRequestError extends RestoreError {}

const setIdBits = 0o6000;

/**
 * Restores archive `id` (its whole chain: the full, then the differential or the incrementals)
 * into `to`, which must not exist or be empty. Everything is built in a staging folder beside it.
 * Each archive is read once: its bytes are hashed against the catalog while they are unpacked,
 * and each file is hashed against the manifest as it is written. Entries restore refuses (see
 * restorable.ts) fail the restore; symlinks are created as stored, absolute or relative, and hard
 * links as hard links; nothing is ever written through a link. Modes (without setuid/setgid
 * unless `keepSetId`) and mtimes are set from the manifest last. Only when every entry matches the
 * manifest is the staging folder moved into place; on any failure it is removed and `to` is
 * untouched. `paths` restores only those files or folders.
 */
export async function restoreArchive(options: {
  id: number;
  to: string;
  paths?: string[];
  catalog: BackupCatalog;
  /** Restore over the existing folder (its original place): the old content is kept aside until the swap succeeded. */
  replace?: boolean;
  keepSetId?: boolean;
}): Promise<{ files: number }> {
  const wanted = (options.paths ?? []).map((p) => p.replace(/\/+$/, ''));
  const unsafe = wanted.find((p) => !safeRelative(p));
  if (unsafe !== undefined) throw new RestoreRequestError(`${JSON.stringify(unsafe)} is not a path inside the backup`);
  const chain = options.catalog.chain(options.id);
  if (chain.some((a) => a.status !== 'complete')) throw new RestoreError(`archive ${chain.find((a) => a.status !== 'complete')!.id} in the chain is not complete`);
  const target = resolve(options.to);
  if (!options.replace) await ensureEmptyOrAbsent(target);
  const selected = (path: string) => !wanted.length || wanted.some((p) => path === p || path.startsWith(`${p}/`) || p.startsWith(`${path}/`));

  const staging = join(dirname(target), `.${basename(target)}.vigil-restore-${tag()}`);
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    // The SHA-256 of the content of each file now in staging, as it was written.
    const written = new Map<string, string>();
    let manifest: Manifest | null = null;
    for (const archive of chain) {
      manifest = await readManifest(archive.manifestPath!);
      const problem = manifestProblem(manifest);
      if (problem) throw new RestoreError(`archive ${archive.id} cannot be restored: ${problem}`);
      await clearChanged(staging, manifest, selected, written);
      await unpackArchive(archive, manifest, staging, selected, written);
    }
    const final = manifest!;

    // Entry for entry against the manifest of the restored archive.
    const expected = Object.entries(final.tree).filter(([path]) => selected(path));
    for (const [path, entry] of expected) {
      const real = join(staging, path);
      const info = await lstat(real).catch(() => null);
      if (!info) throw new RestoreError(`${path} is missing after extraction`);
      if (entry.type === 'file' && (!info.isFile() || (entry.sha256 !== null && written.get(path) !== entry.sha256))) {
        throw new RestoreError(`${path} does not match its SHA-256 in the manifest`);
      }
      if (entry.type === 'symlink' && (!info.isSymbolicLink() || (await readlink(real)) !== entry.linkTarget)) throw new RestoreError(`${path} is not the link it was`);
      if (entry.type === 'directory' && !info.isDirectory()) throw new RestoreError(`${path} is not a folder`);
    }
    const extra = (await listTree(staging)).filter((path) => !(path in final.tree));
    if (extra.length) throw new RestoreError(`unexpected entries after restore: ${extra.slice(0, 5).join(', ')}`);
    await applyMetadata(staging, expected, options.keepSetId ?? false);

    const files = expected.filter(([, e]) => e.type === 'file').length;
    if (options.replace && wanted.length) {
      // Only the chosen files and folders are put back; everything else in the target stays. A
      // path inside another chosen folder comes with it (moved first, it would be replaced with it).
      const outermost = [...new Set(wanted)].filter((path) => !wanted.some((other) => path.startsWith(`${other}/`)));
      for (const path of outermost) {
        const from = join(staging, path);
        if (!(await lstat(from).catch(() => null))) continue;
        await refuseLinkOnTheWay(target, path);
        const to = join(target, path);
        await mkdir(dirname(to), { recursive: true });
        const aside = `${to}.vigil-old-${tag()}`;
        const existed = await rename(to, aside).then(() => true, () => false);
        await rename(from, to);
        if (existed) await rm(aside, { recursive: true, force: true });
      }
      await rm(staging, { recursive: true, force: true });
      return { files };
    }
    if (options.replace && (await lstat(target).catch(() => null))) {
      const aside = join(dirname(target), `.${basename(target)}.vigil-old-${tag()}`);
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

/**
 * Before an archive is unpacked: what its parent had and it does not (deletions), and every path
 * it stores that is not a folder staying a folder, are removed, so unpacking only ever creates.
 */
async function clearChanged(staging: string, manifest: Manifest, selected: (path: string) => boolean, written: Map<string, string>): Promise<void> {
  // A path left in `written` under a removed folder is harmless: only paths that exist at the end are checked.
  const remove = async (path: string) => {
    await refuseLinkOnTheWay(staging, path);
    await rm(join(staging, path), { recursive: true, force: true });
    written.delete(path);
  };
  const deleted = new Set(manifest.deleted);
  for (const path of manifest.deleted) if (selected(path) && !deleted.has(dirname(path))) await remove(path);
  for (const path of manifest.taken) {
    if (!selected(path)) continue;
    await refuseLinkOnTheWay(staging, path);
    const info = await lstat(join(staging, path)).catch(() => null);
    if (info && !(info.isDirectory() && manifest.tree[path]?.type === 'directory')) await remove(path);
  }
}

/** Unpacks one archive into staging, hashing the archive and every file in the same pass. */
async function unpackArchive(
  archive: { id: number; path: string | null; sha256: string | null },
  manifest: Manifest,
  staging: string,
  selected: (path: string) => boolean,
  written: Map<string, string>,
): Promise<void> {
  const taken = new Set(manifest.taken);
  // A hard link is restored only if the file it links to is: a file whose inode a selected
  // path shares is unpacked too (and removed at the end if it was not asked for).
  const sharedInodes = new Set(Object.entries(manifest.tree).filter(([path, e]) => e.type === 'file' && selected(path)).map(([, e]) => e.ino));
  const links: { path: string; type: 'SymbolicLink' | 'Link'; linkpath: string }[] = [];
  const companions: string[] = [];
  const refused: string[] = [];
  const archiveHash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      archiveHash.update(chunk);
      done(null, chunk);
    },
  });
  // node-tar loads before the archive is opened: an open that fails must find the pipeline listening.
  const { Unpack } = await import('tar');
  const readStream = createReadStream(archive.path!);

  if (taken.size === 0) {
    await pipeline(readStream, tap, new Transform({ transform: (_chunk, _encoding, done) => done() }));
  } else {
    const unpack = new Unpack({
      cwd: staging,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      unlink: true,
      noMtime: true,
      // Only archives listed in our own catalog get here, and a checkpoint of zeros legitimately
      // compresses far beyond node-tar's zip-bomb guard; the archive's hash is checked at its end.
      maxDecompressionRatio: Infinity,
      filter: (rawPath, entry) => {
        const path = rawPath.replace(/\/$/, '');
        const type = 'type' in entry ? entry.type : 'File';
        const linkpath = 'linkpath' in entry ? (entry.linkpath ?? null) : null;
        const problem = entryProblem(manifest, taken, path, type, linkpath);
        if (problem) {
          refused.push(`${path} (${type}: ${problem})`);
          return false;
        }
        if (type === 'SymbolicLink' || type === 'Link') {
          // Created after unpacking, by us: node-tar would rewrite absolute targets.
          if (selected(path)) links.push({ path, type, linkpath: linkpath! });
          return false;
        }
        if (type === 'Directory') return selected(path);
        if (selected(path)) return true;
        if (sharedInodes.has(manifest.tree[path]!.ino)) {
          companions.push(path);
          return true;
        }
        return false;
      },
      transform: (entry: ReadEntry) => {
        if (entry.type !== 'File' && entry.type !== 'OldFile') return undefined;
        const path = entry.path.replace(/\/$/, '');
        const hash = createHash('sha256');
        return new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            done(null, chunk);
          },
          flush(done) {
            written.set(path, hash.digest('hex'));
            done();
          },
        }) as unknown as ReadEntry; // node-tar pipes the entry through any stream
      },
    });
    const finished = new Promise<void>((resolveDone, reject) => {
      unpack.on('close', () => resolveDone());
      unpack.on('error', reject);
    });
    finished.catch(() => {});
    try {
      await Promise.all([pipeline(readStream, tap, createGunzip(), unpack as unknown as NodeJS.WritableStream), finished]);
    } catch (error) {
      if (archiveHash.digest('hex') !== archive.sha256) throw corrupt(archive);
      throw new RestoreError(`archive ${archive.id} could not be unpacked: ${(error as Error).message}`);
    }
  }
  if (archiveHash.digest('hex') !== archive.sha256) throw corrupt(archive);
  if (refused.length) throw new RestoreError(`archive ${archive.id} holds entries that could escape the target or are not in its manifest: ${refused.slice(0, 5).join(', ')}`);

  for (const { path, type, linkpath } of links) {
    await refuseLinkOnTheWay(staging, path);
    await mkdir(dirname(join(staging, path)), { recursive: true });
    if (type === 'SymbolicLink') await symlink(linkpath, join(staging, path));
    else {
      await refuseLinkOnTheWay(staging, linkpath);
      await link(join(staging, linkpath), join(staging, path));
      const sha = written.get(linkpath);
      if (sha !== undefined) written.set(path, sha);
    }
  }
  for (const path of companions) {
    if (selected(path)) continue;
    await rm(join(staging, path), { force: true });
    written.delete(path);
    // And the folders unpacking made for it, up to one that was asked for.
    for (let dir = posix.dirname(path); dir !== '.' && !selected(dir); dir = posix.dirname(dir)) {
      if (!(await rmdir(join(staging, dir)).then(() => true, () => false))) break;
    }
  }
}

/** Staging and set-aside folders carry the restoring process's pid, so a later recovery knows whether their owner is gone. */
const tag = () => `${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * Heals what a restore over `target` left when its process died: the staging folder goes, and a
 * folder set aside goes back in place if the swap never happened (or goes, if it did). Folders of
 * a restore still running are left alone. Returns what it did, one line each.
 */
export function healInterruptedRestore(target: string): string[] {
  const folder = dirname(target);
  const prefix = `.${basename(target)}.vigil-`;
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
  const done: string[] = [];
  for (const name of names) {
    const match = /^(restore|old)-(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length));
    if (!match || processAlive(Number(match[2]))) continue;
    const path = join(folder, name);
    if (match[1] === 'old' && !existsSync(target)) {
      renameSync(path, target);
      done.push(`put ${target} back from ${path}`);
    } else {
      rmSync(path, { recursive: true, force: true });
      done.push(`removed ${path}`);
    }
  }
  return done;
}

function corrupt(archive: { id: number; path: string | null }): RestoreError {
  return new RestoreError(`archive ${archive.id} (${archive.path}) is corrupt: its SHA-256 does not match the catalog`);
}

/** Modes and mtimes from the manifest; folders last and deepest first, so writing into them does not change theirs. */
async function applyMetadata(staging: string, entries: [string, ManifestEntry][], keepSetId: boolean): Promise<void> {
  const ordered = [...entries].sort(([a, x], [b, y]) => Number(x.type === 'directory') - Number(y.type === 'directory') || b.split('/').length - a.split('/').length);
  for (const [path, entry] of ordered) {
    const real = join(staging, path);
    if (entry.type !== 'symlink') await chmod(real, keepSetId ? entry.mode : entry.mode & ~setIdBits);
    const seconds = entry.mtimeMs / 1000;
    await lutimes(real, seconds, seconds);
  }
}

/** Refuses a path whose parent folders, inside `root`, include a symlink: writing there would go through it. */
async function refuseLinkOnTheWay(root: string, path: string): Promise<void> {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const info = await lstat(join(root, ...parts.slice(0, i))).catch(() => null);
    if (!info) return;
    if (info.isSymbolicLink()) throw new RestoreError(`${path} lies under the symlink ${parts.slice(0, i).join('/')}: restore will not write through it`);
  }
}

async function ensureEmptyOrAbsent(path: string): Promise<void> {
  const info = await lstat(path).catch(() => null);
  if (!info) return;
  if (!info.isDirectory() || (await readdir(path)).length > 0) {
    throw new RestoreRequestError(`${path} exists and is not an empty folder: restore into a new folder`);
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
