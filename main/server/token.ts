import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { writeAtomically } from '../config';

/**
 * Three credentials, each in its own file in the data directory (mode 0600):
 * admin drives the UI and the API, ingest may only POST model metrics, metrics may only GET /metrics.
 */
export const tokenScopes = ['admin', 'ingest', 'metrics'] as const;
export type TokenScope = (typeof tokenScopes)[number];

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === 'string' && (tokenScopes as readonly string[]).includes(value);
}

export function tokenFileName(scope: TokenScope): string {
  return `${scope}-token`;
}

/** The single all-powerful token of earlier versions; it was handed to scripts and scrapers, so it is retired. */
const retiredTokenFile = 'server-token';
const tokenPattern = /^[A-Za-z0-9_-]{32,}$/;

/** The token of one scope: created once, kept private, reused on every start. */
export function loadOrCreateToken(dataDir: string, scope: TokenScope = 'admin'): string {
  rmSync(join(dataDir, retiredTokenFile), { force: true });
  const path = join(dataDir, tokenFileName(scope));
  try {
    const token = readFileSync(path, 'utf8').trim();
    if (tokenPattern.test(token)) {
      chmodSync(path, 0o600);
      return token;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return writeToken(path);
}

/** Replaces the token of one scope; whoever held the old one is locked out at once. */
export function rotateToken(dataDir: string, scope: TokenScope): string {
  return writeToken(join(dataDir, tokenFileName(scope)));
}

function writeToken(path: string): string {
  const token = randomBytes(24).toString('base64url');
  writeAtomically(path, token + '\n', 0o600);
  return token;
}

/**
 * The tokens a running host accepts. Each is read again when its file changes, so
 * `vigil token rotate` takes effect without a restart.
 */
export class ScopedTokens {
  private readonly cache = new Map<TokenScope, { key: string; token: string }>();

  constructor(private readonly dataDir: string) {
    for (const scope of tokenScopes) this.cache.set(scope, { key: this.fileKey(scope), token: loadOrCreateToken(dataDir, scope) });
  }

  get(scope: TokenScope): string {
    const key = this.fileKey(scope);
    const cached = this.cache.get(scope);
    if (cached && cached.key === key) return cached.token;
    const token = loadOrCreateToken(this.dataDir, scope);
    this.cache.set(scope, { key: this.fileKey(scope), token });
    return token;
  }

  matches(scope: TokenScope, given: string | undefined): boolean {
    return tokenMatches(this.get(scope), given);
  }

  private fileKey(scope: TokenScope): string {
    try {
      const info = statSync(join(this.dataDir, tokenFileName(scope)));
      return `${info.ino}:${info.mtimeMs}:${info.size}`;
    } catch {
      return 'missing';
    }
  }
}

/** The token in `Authorization: Bearer TOKEN`; the only place a request may carry one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth === undefined || !/^bearer /i.test(auth)) return undefined;
  return auth.slice('bearer '.length).trim();
}

/**
 * Browsers cannot set headers on a WebSocket handshake, so the page offers two subprotocols:
 * `vigil` and `vigil.bearer.TOKEN`. The host answers with `vigil`, never echoing the token.
 */
export const webSocketProtocol = 'vigil';
export const webSocketBearerPrefix = 'vigil.bearer.';

export function webSocketToken(req: IncomingMessage): string | undefined {
  const offered = req.headers['sec-websocket-protocol'];
  if (typeof offered === 'string') {
    for (const protocol of offered.split(',')) {
      const trimmed = protocol.trim();
      if (trimmed.startsWith(webSocketBearerPrefix)) return trimmed.slice(webSocketBearerPrefix.length);
    }
  }
  return bearerToken(req);
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
