import { appendFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../../../renderer/src/api/client';
import { createMemoryTransport } from '../../../../renderer/src/api/memory-transport';
import type { DriftProgress, DriftReport } from '../../../../shared/drift';
import { normals, writeCsv } from '../../../helpers/dataset-files';
import { startTestHost, type TestHost } from '../../../helpers/running-host';

function numericCsv(name: string, features: number, n: number, seed: number, shift: number): string {
  const z = normals(seed);
  const header = Array.from({ length: features }, (_, i) => `f${i}`);
  return writeCsv(name, header, Array.from({ length: n }, () => header.map((_, i) => (z() + (i === 0 ? shift : 0)).toFixed(4))));
}

function upload(host: TestHost, name: string, body: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.host.port, method: 'POST', path: `/api/v1/uploads?name=${encodeURIComponent(name)}`, headers: { authorization: `Bearer ${host.token}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the drift engine through the contract', () => {
  let host: TestHost;
  let api: ApiClient;
  beforeAll(async () => {
    host = await startTestHost({ config: { drift: { maxResults: 10 } } });
    api = createApiClient(createMemoryTransport(host.app.dispatch, host.app.events));
  });
  afterAll(() => host.stop());

  it('runs, streams progress, stores the run, and announces it', async () => {
    const reference = numericCsv('ref.csv', 4, 600, 1, 0);
    const current = numericCsv('cur.csv', 4, 400, 2, 1);
    const progress: DriftProgress[] = [];
    const offProgress = api.on('drift.progress', (p) => progress.push(p));
    const completed = new Promise<DriftReport>((resolve) => api.on('drift.completed', resolve));
    const report = await api.call('drift.run', { reference: { path: reference }, current: { path: current }, runId: 'r1' });
    offProgress();
    expect(report.id).toEqual(expect.any(Number));
    expect(report.features.find((f) => f.name === 'f0')!.level).toBe('SEVERE_DRIFT');
    expect((await completed).id).toBe(report.id);
    expect(progress.every((p) => p.runId === 'r1')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 4, total: 4 });
    expect(progress.filter((p) => p.phase === 'testing').map((p) => p.done)).toEqual([0, 1, 2, 3, 4]);
    expect(await api.call('drift.get', { id: report.id! })).toEqual(report);
    expect((await api.call('drift.history'))[0]).toMatchObject({ id: report.id, featureCount: 4, driftedCount: 1, level: 'SEVERE_DRIFT' });
  });

  it('exports any stored run as a self-contained HTML report, and says when the run is gone', async () => {
    const report = await api.call('drift.run', { reference: { path: numericCsv('ref.csv', 3, 300, 5, 0) }, current: { path: numericCsv('today.csv', 3, 300, 6, 1) } });
    const exported = await api.call('drift.report', { id: report.id! });
    expect(exported.fileName).toBe(`drift-${report.id}-today.html`);
    expect(exported.html).toMatch(/^<!doctype html>/);
    expect(exported.html).toContain('<p class="fact" id="dataset-verdict">Dataset not drifted: 1 of 3 tested features drifted (33 %); the rule is 50 % or more.</p>');
    expect(exported.html).toContain(report.current.sha256);
    await expect(api.call('drift.report', { id: 999_999 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps at most maxResults feature results, dropping the oldest runs first', async () => {
    const reference = numericCsv('ref.csv', 4, 200, 3, 0);
    const current = numericCsv('cur.csv', 4, 200, 4, 0);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.call('drift.run', { reference: { path: reference }, current: { path: current } })).id!);
    const kept = (await api.call('drift.history')).map((r) => r.id);
    expect(kept).toEqual([ids[2], ids[1]]);
    const count = host.app.db.prepare('SELECT count(*) FROM drift_results').pluck().get();
    expect(count).toBe(8);
    await expect(api.call('drift.get', { id: ids[0]! })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('answers bad input with invalid_request and a message naming the file', async () => {
    const bad = writeCsv('ragged.csv', ['a', 'b'], [[1, 2]]);
    appendFileSync(bad, '3\n');
    const good = numericCsv('ok.csv', 2, 10, 5, 0);
    await expect(api.call('drift.run', { reference: { path: bad }, current: { path: good } })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/ragged\.csv line 3: expected 2 fields/),
    });
    await expect(api.call('drift.run', { reference: { path: '/no/such.csv' }, current: { path: good } })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/no such file/),
    });
    await expect(api.call('drift.run', { reference: { path: good } } as never)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('compares files uploaded over HTTP, under their original names', async () => {
    const z = normals(9);
    const csv = (shift: number) => ['x,y', ...Array.from({ length: 300 }, () => `${(z() + shift).toFixed(4)},${z().toFixed(4)}`)].join('\n');
    const ref = await upload(host, 'train.csv', csv(0));
    const cur = await upload(host, '../../etc/last week.csv', csv(2));
    expect(ref.status).toBe(201);
    const refId = JSON.parse(ref.text).id;
    const curUpload = JSON.parse(cur.text);
    expect(curUpload.name).toBe('last week.csv');
    const report = await api.call('drift.run', { reference: { upload: refId }, current: { upload: curUpload.id } });
    expect(report.reference.name).toBe('train.csv');
    expect(report.current.name).toBe('last week.csv');
    expect(report.features.find((f) => f.name === 'x')!.level).toBe('SEVERE_DRIFT');
    await expect(api.call('drift.run', { reference: { upload: 'AAAAAAAAAAAA' }, current: { upload: refId } })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('refuses an upload without a name, one declared over the cap, and one without the token', async () => {
    expect((await upload(host, '', 'a\n1\n')).status).toBe(400);
    const refused = await new Promise<string>((resolve, reject) => {
      const socket = connect(host.host.port, '127.0.0.1', () =>
        socket.write(`POST /api/v1/uploads?name=huge.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${host.token}\r\nContent-Length: ${5 * 1024 ** 3}\r\n\r\n`),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(refused).toMatch(/^HTTP\/1\.1 413 /);
    const noToken = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: host.host.port, method: 'POST', path: '/api/v1/uploads?name=x.csv' }, (res) => resolve(res.statusCode!));
      req.end('a\n1\n');
    });
    expect(noToken).toBe(401);
  });
});
