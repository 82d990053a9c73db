import { afterAll, describe, expect, it } from 'vitest';
import { commonSamples, runLoad, startServeProcess, type ServeProcess } from '../../../helpers/ingest-load';
import { tempDir } from '../../../helpers/temp-dir';

// A short soak (the long one is `npm run bench soak`): `vigil serve` in its own process under the
// load of a small team's scoring services, 1 000 models, with sockets and history queries.
describe('the headless host under sustained ingest load', () => {
  let host: ServeProcess | undefined;
  afterAll(() => host?.stop());

  it('accepts every record, keeps every one of them, feeds every socket every sample, in bounded memory', { timeout: 120_000 }, async () => {
    host = await startServeProcess(tempDir(), { monitor: { intervalMs: 500, gpu: { enabled: false } } });
    const models = 1000;
    const report = await runLoad(host, { durationMs: 20_000, ingestClients: 4, recordsPerBatch: 20, models, latenciesPerRecord: 50, socketClients: 5, historyEveryMs: 1000 });

    expect(report.failures).toEqual([]);
    expect(report.failedRequests).toBe(0);
    expect(report.recordsAccepted).toBe(report.requests * 20);
    expect(report.historyQueries).toBeGreaterThan(0);
    expect(report.historyFailures).toBe(0);

    // Every latency sent was counted, for every model: nothing dropped under load.
    const latest = await fetch(`${host.origin}/api/v1/rpc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'monitor.latest' }),
    });
    const sample = ((await latest.json()) as { value: { models: { predictionsTotal: number; latencyMs: unknown }[] } }).value;
    expect(sample.models).toHaveLength(models);
    expect(sample.models.reduce((sum, m) => sum + m.predictionsTotal, 0)).toBe(report.recordsAccepted * 50);
    expect(sample.models.every((m) => m.latencyMs !== null)).toBe(true);

    // Every socket got the same samples, none missing, each with every model once the load had covered them.
    const { window, missing } = commonSamples(report.sockets);
    expect(window.length).toBeGreaterThan(5);
    expect(missing).toEqual([0, 0, 0, 0, 0]);
    expect(report.sockets.every((s) => s.samples.at(-1)!.models === models)).toBe(true);

    // Memory is bounded: under the goal, and not climbing through the second half of the run.
    const rss = report.rss.map((r) => r.bytes);
    const middle = rss[Math.floor(rss.length / 2)]!;
    expect(Math.max(...rss)).toBeLessThan(250 * 1024 ** 2);
    expect(rss.at(-1)! - middle).toBeLessThan(40 * 1024 ** 2);
  });
});
