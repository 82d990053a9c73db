import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    if (placeLock(path, mine)) {
      return () => {
        if (readLock(path) === mine) rmSync(path, { force: true });
      };
    }
    const held = settledLock(path);
    if (held === null) continue;
    const owner = liveOwner(held);
    if (owner !== null) throw new BackupBusy(`a backup is already running (process ${owner})`);
    // Only the stale content we judged is removed, never a lock someone took meanwhile.
    if (readLock(path) === held) rmSync(path, { force: true });
  }
  throw new BackupBusy('could not take the backup lock');
}

/**
 * Puts the lock in place with its content already written (a temporary file hard-linked to the
 * lock's name), so no reader ever sees it empty. False when a lock is there.
 */
function placeLock(path: string, content: string): boolean {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, content, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * The lock's content, or null when it is gone. A lock created and written in two steps (as older
 * versions did) is briefly empty: it is read again for a moment before it is judged; one still
 * empty after that was left by a crash.
 */
function settledLock(path: string): string | null {
  const until = Date.now() + 1000;
  for (;;) {
    const content = readLock(path);
    if (content !== '' || Date.now() >= until) return content;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
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
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return null;
  const startedNow = started === undefined ? null : processStartTime(pid);
  if (startedNow !== null && startedNow !== started) return null;
  return pid;
}

/** Whether a process with this pid exists (one of another user's counts). */
export function processAlive(pid: number): boolean {
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
