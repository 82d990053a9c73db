import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Config } from '../../shared/config';
import type { SourceStatus } from '../../shared/backup';
import { AppError } from '../../shared/result';
import { expandHome } from '../config';
import type { BackupCatalog } from '../store/backup-catalog';
import { readManifest } from './manifest';
import { walkSource } from './source-tree';

type Source = Config['backup']['sources'][number];

/** Why a typed folder path cannot be a source, or null; the path is expanded (`~`) first. */
export function folderProblem(typed: string): { path: string; problem: string | null } {
  const path = expandHome(typed.trim());
  if (!isAbsolute(path)) return { path, problem: 'give the full path of the folder (starting with / or ~)' };
  let info;
  try {
    info = statSync(path);
  } catch {
    return { path, problem: `folder not found: ${path}` };
  }
  return { path, problem: info.isDirectory() ? null : `${path} is a file, not a folder` };
}

/** The sources with `source` added, or put in place of `previousName`. */
export function withSource(sources: readonly Source[], source: Source, previousName?: string): Source[] {
  if (previousName !== undefined && !sources.some((s) => s.name === previousName)) throw new AppError('not_found', `no backup source named ${previousName}`);
  if (sources.some((s) => s.name === source.name && s.name !== previousName)) throw new AppError('conflict', `a source named ${source.name} exists already`);
  const { path, problem } = folderProblem(source.path);
  if (problem) throw new AppError('invalid_request', problem);
  const saved = { ...source, path, exclude: [...new Set(source.exclude.map((p) => p.trim()).filter(Boolean))] };
  return previousName === undefined ? [...sources, saved] : sources.map((s) => (s.name === previousName ? saved : s));
}

export function withoutSource(sources: readonly Source[], name: string): Source[] {
  if (!sources.some((s) => s.name === name)) throw new AppError('not_found', `no backup source named ${name}`);
  return sources.filter((s) => s.name !== name);
}

/**
 * Each source with whether its folder exists, its size and file count (those of its last
 * archive's tree, or of the folder now when it was never backed up), and when it runs next.
 */
export async function sourceStatuses(sources: readonly Source[], catalog: BackupCatalog, nextRun: number | null): Promise<SourceStatus[]> {
  return Promise.all(
    sources.map(async (source) => {
      const exists = folderProblem(source.path).problem === null;
      const last = catalog.latestComplete(source.name);
      const manifest = last?.manifestPath ? await readManifest(last.manifestPath).catch(() => null) : null;
      // Never backed up: what the first backup would take, walked now.
      const tree = manifest ? Object.values(manifest.tree) : exists ? [...(await walkSource(expandHome(source.path), source.exclude)).entries.values()] : null;
      const files = tree ? tree.filter((e) => e.type === 'file') : null;
      return {
        name: source.name,
        path: source.path,
        exclude: source.exclude,
        exists,
        sizeBytes: files ? files.reduce((sum, e) => sum + e.size, 0) : null,
        files: files ? files.length : null,
        lastArchive: last ? { id: last.id, kind: last.kind, at: last.finishedAt ?? last.createdAt } : null,
        nextRun: exists ? nextRun : null,
      };
    }),
  );
}
