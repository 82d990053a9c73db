import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One backup at a time, also across processes: a lock file holding the owner's pid. A lock whose
 * process is gone (a crash) is taken over.
 */
export function acquireBackupLock(folder: string): () => void {
  const path = join(folder, '.vigil-backup.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) throw new BackupBusy(`a backup is already running (process ${owner})`);
      rmSync(path, { force: true });
    }
  }
  throw new BackupBusy('could not take the backup lock');
}

export class BackupBusy extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
