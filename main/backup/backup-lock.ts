import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One backup at a time, also across processes: a lock file in the destination holding the
 * owner's pid and, on Linux, the owner's start time (so a reused pid is not taken for the
 * owner). A lock whose process is gone (a crash) is taken over.
 */
export function acquireBackupLock(folder: string): () => void {
  const path = join(folder, '.vigil-backup.lock');
  const mine = `${process.pid} ${processStartTime(process.pid) ?? ''}`.trim();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, mine, { flag: 'wx', mode: 0o600 });
      return () => {
        if (readLock(path) === mine) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = readLock(path);
      if (held === null) continue;
      const owner = liveOwner(held);
      if (owner !== null) throw new BackupBusy(`a backup is already running (process ${owner})`);
      // Only the stale content we judged is removed, never a lock someone took meanwhile.
      if (readLock(path) === held) rmSync(path, { force: true });
    }
  }
  throw new BackupBusy('could not take the backup lock');
}

export class BackupBusy extends Error {}

function readLock(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The pid in a lock's content when that process still runs (and started when the lock says), else null. */
function liveOwner(content: string): number | null {
  const [pidText, started] = content.split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return null;
  if (started !== undefined && processStartTime(pid) !== null && processStartTime(pid) !== started) return null;
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 22 of /proc/PID/stat (clock ticks since boot), or null where there is no /proc. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
