import parsePrometheus from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../../helpers/running-host';

describe('model metrics ingest and /metrics on the headless host', () => {
  let host: TestHost;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${host.origin}/api/v1/ingest`, { method: 'POST', body, headers: { authorization: `Bearer ${host.tokens.ingest}`, 'content-type': 'application/json', ...headers } });

  beforeAll(async () => {
    host = await startTestHost({ config: { monitor: { intervalMs: 200, gpu: { enabled: false } } } });
  });
  afterAll(() => host.stop());

  it('refuses bad input with a clear error and stores nothing', async () => {
    const bad: [string, number, RegExp][] = [
      ['{"model": "m", "predictions": ', 400, /not valid JSON/],
      ['{"predictions": 3}', 400, /model/],
      ['{"model": "m", "errors": "many"}', 400, /errors/],
      ['{"model": "m", "latency_ms": [1, -5]}', 400, /latency_ms/],
      ['{"model": "m", "extra": 1}', 400, /extra/],
      ['{"model": "m", "kind": "batch"}', 400, /kind/],
      ['{"model": "m", "kind": "service", "expectedIntervalSeconds": 0}', 400, /expectedIntervalSeconds/],
      ['[{"model": "ok", "predictions": 1}, {"model": "bad name!"}]', 400, /model/],
      [JSON.stringify({ model: 'm', latency_ms: new Array(150_000).fill(1) }), 400, /latency_ms/],
      [JSON.stringify({ model: 'm', latency_ms: new Array(600_000).fill(1) }), 413, /over/],
    ];
    for (const [body, status, message] of bad) {
      const res = await post(body);
      expect(res.status, body.slice(0, 40)).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect((await fetch(`${host.origin}/api/v1/ingest`, { method: 'POST', body: '{"model":"m"}' })).status).toBe(401);
    const plain = await post('{"model":"m","predictions":1}', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: string }).error).toMatch(/application\/json/);
    const sample = await host.app.monitor.sample();
    expect(sample.models).toEqual([]);
  });

  it('accepts one record or a batch, and the models show in samples and on /metrics', async () => {
    expect((await post(JSON.stringify({ model: 'ranker', predictions: 50, errors: 5, latency_ms: [10, 20, 30, 40] }))).status).toBe(202);
    const batch = await post(JSON.stringify([{ model: 'ranker', predictions: 50 }, { model: 'embedder', predictions: 7, gauges: { gpu_batch: 32 } }]));
    expect(await batch.json()).toEqual({ accepted: 2 });
    const sample = await host.app.monitor.sample();
    expect(sample.models.map((m) => m.model).sort()).toEqual(['embedder', 'ranker']);
    expect(sample.models.find((m) => m.model === 'ranker')!.errorRate).toBeCloseTo(0.05, 10);

    const text = await (await fetch(`${host.origin}/metrics`, { headers: { authorization: `Bearer ${host.tokens.metrics}` } })).text();
    const families = new Map(parsePrometheus(text).map((f) => [f.name, f]));
    for (const name of ['node_cpu_seconds_total', 'node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes', 'node_filesystem_avail_bytes',
      'node_filesystem_size_bytes', 'node_disk_read_bytes_total', 'node_disk_written_bytes_total', 'node_network_receive_bytes_total',
      'node_network_transmit_bytes_total', 'node_load1', 'vigil_model_predictions_total', 'vigil_model_errors_total',
      'vigil_model_latency_seconds', 'vigil_build_info']) {
      expect(families.has(name), name).toBe(true);
    }
    const predictions = families.get('vigil_model_predictions_total')!;
    expect(predictions.type).toBe('COUNTER');
    expect(predictions.metrics.find((m) => m.labels?.model === 'ranker')!.value).toBe('100');
    const root = families.get('node_filesystem_avail_bytes')!.metrics.find((m) => m.labels?.mountpoint === '/');
    expect(root!.labels).toMatchObject({ fstype: expect.any(String), device: expect.any(String) });
    const cpu = families.get('node_cpu_seconds_total')!.metrics;
    expect(cpu.some((m) => m.labels?.cpu === '0' && m.labels?.mode === 'idle')).toBe(true);
    const latency = families.get('vigil_model_latency_seconds')!;
    expect(latency.type).toBe('SUMMARY');
  });
});
