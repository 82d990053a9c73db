import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maxUploadBytes, type App } from '../app';
import { UploadTooLarge } from '../drift/upload-folder';
import { DatasetError } from '../drift/load/table';
import { handleIngest } from './ingest-route';
import { BodyError, readJsonBody } from './json-body';
import { renderProcessMetrics } from './process-metrics';
import { resolveStaticFile, sendFile } from './static-files';
import { requestToken, tokenCookie, tokenMatches } from './token';
import { WebSocketBridge } from './websocket-bridge';

export const maxJsonBodyBytes = 1024 * 1024;

export interface HostOptions {
  app: App;
  token: string;
  host: string;
  port: number;
  /** The built renderer (out/renderer). */
  uiDir: string;
}

export interface RunningHost {
  /** The address with the token, ready to open in a browser. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const startedAt = Date.now();
  const bridge = new WebSocketBridge(options.app.dispatch, options.app.events);
  const server = createServer((req, res) => {
    handle(options, startedAt, req, res).catch((error) => {
      console.error('request failed:', error);
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req);
    if (url.pathname !== '/api/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (!tokenMatches(options.token, requestToken(req, url))) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (!originAllowed(req)) return refuseUpgrade(socket, 403, 'Forbidden');
    bridge.upgrade(req, socket, head);
  });
  await listen(server, options.port, options.host);
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${options.token}`,
    port,
    close: async () => {
      bridge.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(options: HostOptions, startedAt: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = requestUrl(req);
  if (!tokenMatches(options.token, requestToken(req, url))) return send(res, 401, 'a valid token is required\n');

  if (url.pathname === '/metrics' && req.method === 'GET') {
    const text = await options.app.monitor.metricsText();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(text + renderProcessMetrics(startedAt));
    return;
  }
  if (url.pathname === '/api/v1/ingest') return handleIngest(options.app.monitor, req, res);
  if (url.pathname === '/api/v1/rpc') {
    if (req.method !== 'POST') return send(res, 405, 'use POST\n');
    let body: unknown;
    try {
      body = await readJsonBody(req, maxJsonBodyBytes);
    } catch (error) {
      if (error instanceof BodyError) return send(res, error.status, error.message + '\n');
      throw error;
    }
    const { method, input } = (body ?? {}) as { method?: unknown; input?: unknown };
    const result = await options.app.dispatch(method, input);
    res.writeHead(result.ok ? 200 : result.error.code === 'internal' ? 500 : 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result));
    return;
  }
  if (url.pathname === '/api/v1/uploads') {
    if (req.method !== 'POST') return send(res, 405, 'use POST\n');
    return receiveUpload(options.app, url, req, res);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');

  const file = await resolveStaticFile(options.uiDir, url.pathname);
  if (!file) return send(res, 404, 'not found\n');
  if (url.searchParams.has('token')) {
    // Like Jupyter: the token in the link becomes a cookie, so later requests and the page's own fetches carry it.
    res.setHeader('set-cookie', `${tokenCookie}=${options.token}; HttpOnly; SameSite=Strict; Path=/`);
  }
  sendFile(res, file);
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

/** Browsers always send Origin on WebSocket upgrades; a page from another origin must not drive the API. */
function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser: scripts and the CLI authenticate with the token alone
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://localhost');
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function refuseUpgrade(socket: import('node:stream').Duplex, status: number, text: string): void {
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
