import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../../helpers/running-host';

describe('ingest bounds on the headless host', () => {
  let host: TestHost;
  const post = (body: unknown) =>
    fetch(`${host.origin}/api/v1/ingest`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${host.tokens.ingest}`, 'content-type': 'application/json' } });
  const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

  beforeAll(async () => {
    host = await startTestHost({ config: { monitor: { intervalMs: 200, gpu: { enabled: false }, models: { maxModels: 2, maxGaugesPerModel: 1 } } } });
  });
  afterAll(() => host.stop());

  it('refuses models beyond the cap with a clear message, keeps nothing of the batch, and raises one alert', async () => {
    expect((await post([{ model: 'ranker', predictions: 10 }, { model: 'embedder', predictions: 3 }])).status).toBe(202);
    const refused = await post([{ model: 'ranker', predictions: 10 }, { model: 'reranker-v2', predictions: 1 }]);
    expect(refused.status).toBe(422);
    expect(await errorOf(refused)).toMatch(/at most 2 models \(monitor\.models\.maxModels\).*reranker-v2/);
    expect((await post({ model: 'another', predictions: 1 })).status).toBe(422);

    const sample = await host.app.monitor.sample();
    expect(sample.models.map((m) => m.model).sort()).toEqual(['embedder', 'ranker']);
    expect(sample.models.find((m) => m.model === 'ranker')!.predictionsTotal).toBe(10);
    const capAlerts = host.app.alerts.open().filter((a) => a.rule === 'ingest-cap');
    expect(capAlerts).toHaveLength(1);
    expect(capAlerts[0]).toMatchObject({ severity: 'WARNING', state: 'firing', resource: 'ingest' });
    expect(capAlerts[0]!.summary).toMatch(/reranker-v2/);
  });

  it('refuses timestamps far from the host clock and gauges beyond the cap', async () => {
    const old = await post({ model: 'ranker', predictions: 5, timestamp: Date.now() / 1000 - 86_400 });
    expect(old.status).toBe(422);
    expect(await errorOf(old)).toMatch(/more than 1 hour before this host's clock/);
    const gauges = await post({ model: 'ranker', gauges: { loss: 1, accuracy: 0.9 } });
    expect(gauges.status).toBe(422);
    expect(await errorOf(gauges)).toMatch(/more than 1 gauges/);
    const slow = await post({ model: 'ranker', predictions: 5, latency_ms: [12, 3_600_001] });
    expect(slow.status).toBe(400);
    expect(await errorOf(slow)).toMatch(/latency 3600001 \(at 1\) is outside 0 to 3 600 000 ms.*at latency_ms/s);
    const ranker = (await host.app.monitor.sample()).models.find((m) => m.model === 'ranker')!;
    expect(ranker).toMatchObject({ predictionsTotal: 10, gauges: {} });
  });
});
