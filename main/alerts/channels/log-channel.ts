import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Deliver } from './channel';

/** JSON lines in `<data-dir>/logs/alerts.log`, rotated to alerts.log.1 past `maxBytes`. */
export function logChannel(path: string, maxBytes: number): Deliver {
  return async (notices) => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const size = await stat(path).then((s) => s.size, () => 0);
    if (size > maxBytes) await rename(path, `${path}.1`);
    const lines = notices.map((n) => JSON.stringify({ at: new Date().toISOString(), kind: n.kind, key: n.key, ...n.alert }) + '\n');
    await appendFile(path, lines.join(''), { mode: 0o600 });
  };
}
