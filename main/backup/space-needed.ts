import { statfsSync } from 'node:fs';
import type { BackupCatalog } from '../store/backup-catalog';
import { readManifest } from './manifest';

const margin = 1.2;
const manifestAllowance = 1024 * 1024;

/**
 * About how many bytes an archive of `inputBytes` of file content will take: the compression
 * the source's last archive achieved, with a margin, or no compression at all for a first one.
 */
export async function estimateArchiveBytes(catalog: BackupCatalog, source: string, inputBytes: number): Promise<number> {
  let ratio = 1;
  const last = catalog.latestComplete(source);
  if (last?.manifestPath && last.bytes !== null) {
    const manifest = await readManifest(last.manifestPath).catch(() => null);
    const input = manifest ? manifest.taken.reduce((sum, path) => sum + (manifest.tree[path]?.type === 'file' ? manifest.tree[path]!.size : 0), 0) : 0;
    if (input > 0) ratio = Math.min(1, (last.bytes / input) * margin);
  }
  return Math.ceil(inputBytes * ratio) + manifestAllowance;
}

/** Bytes free for this process on the file system that holds `folder`. */
export function freeBytes(folder: string): number {
  const stats = statfsSync(folder);
  return stats.bavail * stats.bsize;
}
