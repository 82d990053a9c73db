import { readFile } from 'node:fs/promises';
import type { BackupKind } from '../../shared/backup';
import { writeAtomically } from '../config';
import type { TreeEntry } from './source-tree';

export type ManifestEntry = TreeEntry & { sha256: string | null };

/** Every path of the source at backup time, what this archive holds, and what disappeared since its parent. */
export interface Manifest {
  version: 1;
  archiveId: number;
  source: string;
  /** The folder the source pointed to when this archive was taken (absent in manifests written before it was recorded). */
  sourcePath?: string;
  kind: BackupKind;
  parentId: number | null;
  createdAt: number;
  tree: Record<string, ManifestEntry>;
  /** Paths stored in this archive. */
  taken: string[];
  /** Paths in the parent's tree that are gone. */
  deleted: string[];
  /** What the walk left out, and why (special files, unreadable files and folders). */
  skipped: { path: string; reason: string }[];
}

export function writeManifest(path: string, manifest: Manifest): void {
  writeAtomically(path, JSON.stringify(manifest) + '\n', 0o600);
}

export async function readManifest(path: string): Promise<Manifest> {
  return JSON.parse(await readFile(path, 'utf8')) as Manifest;
}
