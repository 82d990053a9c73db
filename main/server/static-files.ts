import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../content-security-policy';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The UI's files as built, by real path. The headless host serves these and nothing written into
 * the folder later: a restore or a backup aimed at the UI folder must not become a way to read
 * files over HTTP without a token.
 */
export async function builtFiles(root: string): Promise<ReadonlySet<string>> {
  const files = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.add(path);
    }
  };
  try {
    await walk(await realpath(root));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return files;
}

/**
 * Resolves a URL path to a file strictly inside `root`, following symlinks before the check, so
 * neither `..` (raw or encoded) nor a link can reach outside the UI folder; with `only`, the file
 * must also be one of those. Null when there is no such file.
 */
export async function resolveStaticFile(root: string, urlPath: string, only?: ReadonlySet<string>): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const realRoot = await realpath(root);
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const candidate = resolve(realRoot, relative);
  if (!isInside(realRoot, candidate)) return null;
  try {
    const real = await realpath(candidate);
    if (!isInside(realRoot, real) || (only && !only.has(real))) return null;
    const info = await stat(real);
    return info.isFile() ? real : null;
  } catch {
    return null;
  }
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Sends a UI file with the desktop app's CSP (no framing either); `headOnly` for HEAD requests. */
export function sendFile(res: ServerResponse, path: string, headOnly = false): void {
  const type = contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'cache-control': path.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  if (headOnly) {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}

export function uiIndexPath(root: string): string {
  return join(root, 'index.html');
}
