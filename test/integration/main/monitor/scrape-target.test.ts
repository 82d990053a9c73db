import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelMetrics } from '../../../../main/monitor/model-metrics';
import { ScrapeTarget } from '../../../../main/monitor/scrape/scrape-target';
import { parsePrometheusText } from '../../../../main/monitor/scrape/parse-prometheus-text';
import { ScrapeTarget as TargetSchema } from '../../../../shared/config';

// A model server's /metrics, as prometheus_client would write it.
let requests = 0;
let errors = 0;
let buckets: Record<string, number> = {};
function exposition(): string {
  const lines = [
    '# HELP requests_total Requests served.',
    '# TYPE requests_total counter',
    `requests_total{route="/predict"} ${requests * 0.75}`,
    `requests_total{route="/batch"} ${requests * 0.25}`,
    '# TYPE request_errors_total counter',
    `request_errors_total ${errors}`,
    '# TYPE request_duration_seconds histogram',
    ...Object.entries(buckets).map(([le, n]) => `request_duration_seconds_bucket{le="${le}"} ${n}`),
    `request_duration_seconds_count ${requests}`,
  ];
  return lines.join('\n') + '\n';
}

describe('scraping a model server', () => {
  let server: Server;
  let url: string;
  let auth: string | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      auth = req.headers.authorization;
      if (req.url === '/down') return res.writeHead(503).end();
      if (req.url === '/flood') {
        // A server that never stops talking: chunked, no length, 64 MiB unless the client hangs up.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const line = Buffer.from(`padding_total ${'1'.repeat(1000)}\n`);
        let sent = 0;
        const pump = () => {
          while (sent < 64 * 1024 * 1024 && !res.destroyed) {
            sent += line.length;
            if (!res.write(line)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (sent = Infinity));
        return pump();
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('turns counter increases into predictions and errors, and histogram increases into percentiles', async () => {
    let now = 1_000_000;
    const models = new ModelMetrics(() => now);
    const target = new ScrapeTarget(TargetSchema.parse({ model: 'ranker', url: `${url}/metrics`, bearerToken: 's3cret' }), models, () => now);
    requests = 1000;
    errors = 10;
    buckets = { '0.05': 500, '0.1': 900, '0.5': 1000, '+Inf': 1000 };
    await target.scrape();
    expect(models.snapshot()).toEqual([]); // the first scrape is the baseline
    expect(auth).toBe('Bearer s3cret');
    requests = 1200;
    errors = 30;
    buckets = { '0.05': 600, '0.1': 1100, '0.5': 1200, '+Inf': 1200 };
    now += 10_000;
    await target.scrape();
    const [ranker] = models.snapshot();
    expect(ranker!.predictionsTotal).toBe(200);
    expect(ranker!.errorRate).toBeCloseTo(0.1, 10);
    // 200 new observations: 100 ≤ 50 ms, 100 in (50, 100] ms.
    expect(ranker!.latencyMs!.p50).toBeCloseTo(50, 6);
    expect(ranker!.latencyMs!.p95).toBeCloseTo(95, 6);
    expect(target.lastError).toBeNull();
  });

  it('stops reading a body over the cap and reports it', async () => {
    const target = new ScrapeTarget(TargetSchema.parse({ model: 'x', url: `${url}/flood`, timeoutMs: 20_000 }), new ModelMetrics());
    await target.scrape();
    expect(target.lastError).toMatch(/\/flood: the response is over \d+ bytes/);
  });

  it('sends credentials in the URL as Basic authorization, and never names them in an error', async () => {
    const target = new ScrapeTarget(TargetSchema.parse({ model: 'x', url: `${url.replace('//', '//scraper:p%40ss@')}/down` }), new ModelMetrics());
    await target.scrape();
    expect(auth).toBe(`Basic ${Buffer.from('scraper:p@ss').toString('base64')}`);
    expect(target.lastError).toMatch(/\/down: HTTP 503/);
    expect(target.lastError).not.toMatch(/scraper|p%40ss|p@ss/);
  });

  it('reports an endpoint that fails, and keeps its previous figures', async () => {
    const models = new ModelMetrics();
    const target = new ScrapeTarget(TargetSchema.parse({ model: 'x', url: `${url}/down` }), models);
    await target.scrape();
    expect(target.lastError).toMatch(/\/down: HTTP 503/);
    const dead = new ScrapeTarget(TargetSchema.parse({ model: 'x', url: 'http://127.0.0.1:9/metrics', timeoutMs: 500 }), models);
    await dead.scrape();
    expect(dead.lastError).toMatch(/127\.0\.0\.1:9/);
  });
});

describe('parsePrometheusText', () => {
  it('reads labels with escapes, special values and timestamps, and counts bad lines', () => {
    const { samples, malformed } = parsePrometheusText(
      ['a_total{path="/x\\"y",le="+Inf"} 12 1700000000000', 'b NaN', 'c +Inf', 'broken line here', 'd{x="unterminated} 1'].join('\n'),
    );
    expect(samples).toEqual([
      { name: 'a_total', labels: { path: '/x"y', le: '+Inf' }, value: 12 },
      { name: 'b', labels: {}, value: NaN },
      { name: 'c', labels: {}, value: Infinity },
    ]);
    expect(malformed).toBe(2);
  });
});
