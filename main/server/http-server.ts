import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Dispatch } from '../api';
import { maxUploadBytes, type App } from '../app';
import { UploadTooLarge } from '../drift/upload-folder';
import { DatasetError } from '../drift/load/table';
import { HostAllowlist } from './host-allowlist';
import { networkDispatch } from './network-policy';
import { handleIngest } from './ingest-route';
import { BodyError, isJsonRequest, readJsonBody } from './json-body';
import { renderProcessMetrics } from './process-metrics';
import { parseRequestTarget } from './request-target';
import { builtFiles, resolveStaticFile, sendFile } from './static-files';
import { bearerToken, tokenMatches, tokenScopes, webSocketToken, type ScopedTokens, type TokenScope } from './token';
import { WebSocketBridge } from './websocket-bridge';

export const maxJsonBodyBytes = 1024 * 1024;

export interface HostOptions {
  app: App;
  tokens: ScopedTokens;
  host: string;
  port: number;
  /** The built renderer (out/renderer). */
  uiDir: string;
  /** Host names besides loopback that may reach the host (`--allow-remote`). */
  allowedHosts?: readonly string[];
}

export interface RunningHost {
  /** The address with the admin token in the fragment, ready to open in a browser. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const startedAt = Date.now();
  const allowlist = new HostAllowlist([...(options.allowedHosts ?? []), ...(isWildcard(options.host) ? [] : [options.host])]);
  const dispatch = networkDispatch(options.app.dispatch, () => options.app.config);
  const bridge = new WebSocketBridge(dispatch, options.app.events);
  const uiFiles = await builtFiles(options.uiDir);
  const server = createServer((req, res) => {
    handle({ ...options, dispatch, uiFiles }, allowlist, startedAt, req, res).catch((error) => {
      if (req.destroyed && !res.headersSent) return res.destroy(); // the client went away mid-request
      console.error('request failed:', error);
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket: Duplex) => refuseRaw(socket, 400, 'Bad Request'));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      if (!allowlist.allows(req.headers.host)) return refuseRaw(socket, 403, 'Forbidden');
      const url = parseRequestTarget(req.url);
      if (!url) return refuseRaw(socket, 400, 'Bad Request');
      if (url.pathname !== '/api/ws') return refuseRaw(socket, 404, 'Not Found');
      if (!originAllowed(req)) return refuseRaw(socket, 403, 'Forbidden');
      if (!options.tokens.matches('admin', webSocketToken(req))) return refuseRaw(socket, 401, 'Unauthorized');
      bridge.upgrade(req, socket, head);
    } catch (error) {
      console.error('WebSocket upgrade failed:', error);
      socket.destroy();
    }
  });
  await listen(server, options.port, options.host);
  const port = (server.address() as AddressInfo).port;
  // Bound to every address, the link names loopback: the Host allowlist refuses a wildcard name.
  const linkHost = isWildcard(options.host) ? (options.host === '::' ? '::1' : '127.0.0.1') : options.host;
  const shownHost = linkHost.includes(':') ? `[${linkHost}]` : linkHost;
  return {
    url: `http://${shownHost}:${port}/#token=${options.tokens.get('admin')}`,
    port,
    close: async () => {
      bridge.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(options: HostOptions & { dispatch: Dispatch; uiFiles: ReadonlySet<string> }, allowlist: HostAllowlist, startedAt: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Before any other work: a rebound name never learns whether a token or a file exists.
  if (!allowlist.allows(req.headers.host)) return send(res, 403, 'this host name is not allowed; start vigil serve with --allow-remote NAME to allow it\n');
  const url = parseRequestTarget(req.url);
  if (!url) return send(res, 400, 'bad request target\n');
  const { tokens, app } = options;

  if (url.pathname === '/metrics') {
    if (!authorized(tokens, 'metrics', req, res)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'use GET\n');
    const text = await app.monitor.metricsText();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(text + renderProcessMetrics(startedAt));
    return;
  }
  if (url.pathname === '/api/v1/ingest') {
    if (!authorized(tokens, 'ingest', req, res)) return;
    if (!originAllowed(req)) return send(res, 403, 'cross-origin requests are refused\n');
    return handleIngest(app.monitor, req, res);
  }
  if (url.pathname.startsWith('/api/')) {
    if (!authorized(tokens, 'admin', req, res)) return;
    if (!originAllowed(req)) return send(res, 403, 'cross-origin requests are refused\n');
    if (req.method !== 'POST') return send(res, 405, 'use POST\n');
    if (url.pathname === '/api/v1/rpc') return callApi(options.dispatch, req, res);
    if (url.pathname === '/api/v1/uploads') return receiveUpload(app, url, req, res);
    return send(res, 404, 'not found\n');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');

  const linkToken = url.searchParams.get('token');
  if (linkToken !== null) return redirectOldLink(tokens, linkToken, res);
  // The UI's files carry no secret and need no credential: the page brings the token itself.
  const file = await resolveStaticFile(options.uiDir, url.pathname, options.uiFiles);
  if (!file) return send(res, 404, 'not found\n');
  sendFile(res, file, req.method === 'HEAD');
}

/** Answers 401 (no or unknown token) or 403 (a token of another scope) and returns false, or returns true. */
function authorized(tokens: ScopedTokens, scope: TokenScope, req: IncomingMessage, res: ServerResponse): boolean {
  const given = bearerToken(req);
  if (tokens.matches(scope, given)) return true;
  const other = tokenScopes.find((s) => s !== scope && tokens.matches(s, given));
  if (other) send(res, 403, `the ${other} token cannot be used here; this needs the ${scope} token (vigil token show --scope ${scope})\n`);
  else send(res, 401, `a valid ${scope} token is required: Authorization: Bearer TOKEN (vigil token show --scope ${scope})\n`);
  return false;
}

/** Links of earlier versions carried the token in the query, where logs keep it: move it to the fragment. */
function redirectOldLink(tokens: ScopedTokens, given: string, res: ServerResponse): void {
  if (!tokenMatches(tokens.get('admin'), given)) return send(res, 401, 'this link holds an unknown token; run `vigil token show` for the current one\n');
  res.writeHead(303, { location: `/#token=${encodeURIComponent(given)}`, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end();
}

async function callApi(dispatch: Dispatch, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isJsonRequest(req)) return send(res, 415, 'send the call as Content-Type: application/json\n');
  let body: unknown;
  try {
    body = await readJsonBody(req, maxJsonBodyBytes);
  } catch (error) {
    if (error instanceof BodyError) return send(res, error.status, error.message + '\n');
    throw error;
  }
  const { method, input } = (body ?? {}) as { method?: unknown; input?: unknown };
  const result = await dispatch(method, input);
  res.writeHead(result.ok ? 200 : result.error.code === 'internal' ? 500 : 400, { 'content-type': 'application/json' });
  res.end(JSON.stringify(result));
}

/** `POST /api/v1/uploads?name=FILE`: the body streams to the upload folder; answers `{ id, name, bytes }`. */
async function receiveUpload(app: App, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const name = url.searchParams.get('name');
  if (!name) return send(res, 400, 'name the file: /api/v1/uploads?name=FILE\n');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxUploadBytes) {
    // Refuse before reading, and close: draining gigabytes to keep the connection is not worth it.
    res.setHeader('connection', 'close');
    return send(res, 413, `uploads are limited to ${maxUploadBytes} bytes\n`);
  }
  try {
    const saved = await app.uploads.save(req, name);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify(saved));
  } catch (error) {
    if (error instanceof UploadTooLarge) {
      res.setHeader('connection', 'close');
      return send(res, 413, `uploads are limited to ${maxUploadBytes} bytes\n`);
    }
    if (error instanceof DatasetError) return send(res, 400, error.message + '\n');
    throw error;
  }
}

/**
 * A browser names the page's origin on WebSocket upgrades and on POSTs; a page from another origin
 * (another port of 127.0.0.1 included) must not drive the API. Scripts and the CLI send no Origin.
 */
function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

/** For sockets outside an HTTP response (upgrades, unparsable requests): one status line, then close. */
function refuseRaw(socket: Duplex, status: number, text: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
