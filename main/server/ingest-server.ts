import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Monitor } from '../monitor/monitor';
import { HostAllowlist } from './host-allowlist';
import { handleIngest } from './ingest-route';
import { parseRequestTarget } from './request-target';
import { bearerToken, type ScopedTokens } from './token';

/**
 * The desktop app's ingest endpoint: only `POST /api/v1/ingest`, on 127.0.0.1, with the ingest
 * token (the same one the headless host takes), so training code reports to whichever is running.
 */
export async function startIngestServer(options: { monitor: Monitor; tokens: ScopedTokens; port: number }): Promise<{ port: number; close(): Promise<void> }> {
  const allowlist = new HostAllowlist();
  const server = createServer((req, res) => {
    const reply = (status: number, text: string) => res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    if (!allowlist.allows(req.headers.host)) return reply(403, 'this host name is not allowed\n');
    if (req.headers.origin !== undefined) return reply(403, 'browsers may not report metrics here\n');
    if (!options.tokens.matches('ingest', bearerToken(req))) return reply(401, 'a valid ingest token is required: Authorization: Bearer TOKEN\n');
    if (parseRequestTarget(req.url)?.pathname !== '/api/v1/ingest') return reply(404, 'not found\n');
    handleIngest(options.monitor, req, res).catch(() => res.destroy());
  });
  server.on('clientError', (_error, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  // Nothing upgrades here; without a listener Node closes the socket, but say so first.
  server.on('upgrade', (_req, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    if (socket.writable) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
