import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestServer } from '../../../../main/server/ingest-server';
import { ScopedTokens } from '../../../../main/server/token';
import { startTestHost, type TestHost } from '../../../helpers/running-host';

describe("the desktop app's ingest port", () => {
  let host: TestHost;
  let ingest: { port: number; close(): Promise<void> };
  /** node:http rather than fetch, which will not send Host or Origin as given. */
  const post = (token: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: ingest.port, path: '/api/v1/ingest', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode! }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ model: 'desk', predictions: 3 }));
    });

  beforeAll(async () => {
    host = await startTestHost({ config: { monitor: { gpu: { enabled: false } } } });
    ingest = await startIngestServer({ monitor: host.app.monitor, tokens: new ScopedTokens(host.dataDir), port: 0 });
  });
  afterAll(async () => {
    await ingest.close();
    await host.stop();
  });

  it('takes the ingest token and only it', async () => {
    expect((await post(host.tokens.admin)).status).toBe(401);
    expect((await post(host.tokens.metrics)).status).toBe(401);
    expect((await post(host.tokens.ingest)).status).toBe(202);
    expect((await host.app.monitor.sample()).models.map((m) => m.model)).toEqual(['desk']);
  });

  it('refuses browsers (any Origin), rebound host names and non-JSON bodies', async () => {
    expect((await post(host.tokens.ingest, { origin: 'http://127.0.0.1:8888' })).status).toBe(403);
    expect((await post(host.tokens.ingest, { host: 'attacker.test' })).status).toBe(403);
    expect((await post(host.tokens.ingest, { 'content-type': 'text/plain' })).status).toBe(415);
  });
});
