import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Monitor } from '../monitor/monitor';
import { handleIngest } from './ingest-route';
import { requestToken, tokenMatches } from './token';

/**
 * The desktop app's ingest endpoint: only `POST /api/v1/ingest`, on 127.0.0.1, with the same token
 * as the headless host, so training code reports to whichever of the two is running.
 */
export async function startIngestServer(options: { monitor: Monitor; token: string; port: number }): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!tokenMatches(options.token, requestToken(req, url))) {
      res.writeHead(401).end('a valid token is required\n');
      return;
    }
    if (url.pathname !== '/api/v1/ingest') {
      res.writeHead(404).end('not found\n');
      return;
    }
    handleIngest(options.monitor, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
