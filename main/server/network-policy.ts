import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Config } from '../../shared/config';
import { isPlainObject } from '../../shared/deep-partial';
import { localOnlySettings } from '../../shared/local-only-settings';
import { fail } from '../../shared/result';
import type { Dispatch } from '../api';
import { maxUploadBytes } from '../app';
import { expandHome } from '../config';

/**
 * The API as the network sees it: the same contract, minus what only the machine's own user may do.
 * Settings that run programs or widen file access stay as they are (`localOnlySettings`), and a
 * drift `path` source must resolve, symlinks followed, inside one of `drift.dataFolders`.
 */
export function networkDispatch(dispatch: Dispatch, config: () => { value: Config; path: string }): Dispatch {
  return async (method, input) => {
    if (method === 'config.update') {
      const touched = localOnlyChanges(input, config().value);
      if (touched.length > 0) {
        return fail(
          'invalid_request',
          `${touched.join(', ')} cannot be changed over the network: edit ${config().path} on the machine (then restart Vigil) or use the desktop app. Nothing was saved.`,
        );
      }
    }
    if (method === 'backup.restore' && isPlainObject(input) && typeof input.to === 'string') {
      const confined = await confineNewPath(input.to, config().value.backup.restoreFolders, config().path);
      if (!confined.ok) return fail('invalid_request', confined.message);
      return dispatch(method, { ...input, to: confined.path });
    }
    if ((method === 'drift.run' || method === 'drift.columns') && isPlainObject(input)) {
      const confined = { ...input };
      for (const side of ['reference', 'current'] as const) {
        const source = input[side];
        if (!isPlainObject(source) || typeof source.path !== 'string') continue;
        const resolved = await confinePath(source.path, config().value.drift.dataFolders, config().path);
        if (!resolved.ok) return fail('invalid_request', `${side}: ${resolved.message}`);
        confined[side] = { ...source, path: resolved.path };
      }
      return dispatch(method, confined);
    }
    if (method === 'drift.watches.add' && isPlainObject(input)) {
      const folders = config().value.drift.dataFolders;
      const confined: Record<string, unknown> = { ...input, confined: true };
      if (isPlainObject(input.reference) && typeof input.reference.path === 'string') {
        const resolved = await confinePath(input.reference.path, folders, config().path);
        if (!resolved.ok) return fail('invalid_request', `reference: ${resolved.message}`);
        // The watch keeps a copy of its reference: from the browser, no bigger than an upload may be.
        const size = (await stat(resolved.path).catch(() => null))?.size ?? 0;
        if (size > maxUploadBytes) return fail('invalid_request', `reference: ${input.reference.path} holds ${size} bytes; a watch added in the browser keeps a copy of at most ${maxUploadBytes} bytes`);
        confined.reference = { ...input.reference, path: resolved.path };
      }
      if (typeof input.current === 'string') {
        const resolved = await confineWatchedPath(input.current.trim(), folders, config().path);
        if (!resolved.ok) return fail('invalid_request', `current: ${resolved.message}`);
        confined.current = resolved.path;
      }
      return dispatch(method, confined);
    }
    return dispatch(method, input);
  };
}

/**
 * A watch's current file, folder or glob over the network: the file or folder (for a glob, the
 * folder before its first wildcard) must resolve inside `drift.dataFolders`, and a glob may not
 * climb out of it. The watch then reads only files whose real path stays inside that folder.
 */
async function confineWatchedPath(path: string, folders: readonly string[], configPath: string): Promise<ConfinedPath> {
  const segments = path.split('/');
  const first = segments.findIndex((s) => /[*?[]/.test(s));
  if (first < 0) return confinePath(path, folders, configPath);
  const rest = segments.slice(first);
  if (rest.includes('..')) return { ok: false, message: `${path}: a glob may not climb out of its folder with ..` };
  const base = await confinePath(segments.slice(0, first).join('/') || '/', folders, configPath);
  return base.ok ? { ok: true, path: [base.path, ...rest].join('/') } : base;
}

/** The local-only settings a config patch would change, as dotted names; empty when it leaves them alone. */
export function localOnlyChanges(patch: unknown, current: Config): string[] {
  if (!isPlainObject(patch)) return [];
  const touched: string[] = [];
  for (const { path } of localOnlySettings) {
    const next = valueAt(patch, path);
    if (next === undefined) continue;
    const before = valueAt(current, path);
    const changed = path.join('.') === 'alerts.actions' ? programsOf(next) !== programsOf(before) : JSON.stringify(next) !== JSON.stringify(before);
    if (changed) touched.push(path.join('.'));
  }
  return touched;
}

/**
 * What the actions run or read, independent of order, names and timing: editing when an action
 * fires stays possible over the network, changing what it executes does not.
 */
function programsOf(actions: unknown): string {
  if (!Array.isArray(actions)) return JSON.stringify(actions);
  return JSON.stringify(
    actions
      .filter(isPlainObject)
      .filter((a) => programActions.has(a.action as string) || a.command !== undefined || a.reference !== undefined || a.current !== undefined)
      .map((a) => JSON.stringify([a.action, a.command ?? null, a.reference ?? null, a.current ?? null]))
      .sort(),
  );
}

const programActions = new Set(['command', 'attempt_recovery', 'restart_service', 'run_drift_check']);

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

export type ConfinedPath = { ok: true; path: string } | { ok: false; message: string };

/** Resolves `path` (symlinks and `..` included) and accepts it only inside one of `folders`. */
/**
 * Where a restore over the network may write: a folder inside one of `backup.restoreFolders`
 * (symlinks resolved on the part that exists). Restoring anywhere else would let whoever holds the
 * admin token plant files anywhere the user can write (an autostart entry, a shell profile).
 */
export async function confineNewPath(path: string, folders: readonly string[], configPath: string): Promise<ConfinedPath> {
  if (folders.length === 0) {
    return { ok: false, message: `restoring to another folder is off in the browser: restore in place, add a folder to backup.restoreFolders in ${configPath} (then restart Vigil), or use the desktop app or vigil backup restore` };
  }
  const expanded = expandHome(path);
  if (!isAbsolute(expanded)) return { ok: false, message: `give the full path of the folder to restore into (one inside ${folders.join(', ')})` };
  const real = await realpathOfNew(resolve(expanded));
  if (real !== null && (await insideOneOf(real, folders, { rootItself: false }))) return { ok: true, path: real };
  return { ok: false, message: `${path} is not inside backup.restoreFolders (${folders.join(', ')}); the browser may only restore into a folder there` };
}

/** Whether a real path lies inside one of the folders (their symlinks resolved), or is one of them when `rootItself`. */
async function insideOneOf(real: string, folders: readonly string[], { rootItself }: { rootItself: boolean }): Promise<boolean> {
  for (const folder of folders) {
    let root: string;
    try {
      root = await realpath(expandHome(folder));
    } catch {
      continue;
    }
    if ((rootItself && real === root) || real.startsWith(root.endsWith(sep) ? root : root + sep)) return true;
  }
  return false;
}

/** The real path of a file or folder that may not exist yet: its nearest existing ancestor resolved, the rest appended. */
async function realpathOfNew(path: string): Promise<string | null> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    let base: string;
    try {
      base = await realpath(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return null;
      const parent = dirname(current);
      if (parent === current) return null;
      missing.push(basename(current));
      current = parent;
      continue;
    }
    return join(base, ...missing.reverse());
  }
}

export async function confinePath(path: string, folders: readonly string[], configPath: string): Promise<ConfinedPath> {
  if (folders.length === 0) {
    return { ok: false, message: `reading files by path is off in the browser: upload the file, or add its folder to drift.dataFolders in ${configPath} (then restart Vigil)` };
  }
  const expanded = expandHome(path);
  if (!isAbsolute(expanded)) return { ok: false, message: `give the full path of the file (one inside ${folders.join(', ')})` };
  let real: string;
  try {
    real = await realpath(expanded);
  } catch {
    return { ok: false, message: `${path} does not exist or cannot be read` };
  }
  if (await insideOneOf(real, folders, { rootItself: true })) return { ok: true, path: real };
  return { ok: false, message: `${path} is outside drift.dataFolders (${folders.join(', ')}); the browser may only read datasets inside them` };
}
