import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiClient } from '../../../../renderer/src/api/client';
import { bearerProtocols, createWebSocketTransport, type SocketLike } from '../../../../renderer/src/api/websocket-transport';
import { rpc, startTestHost, type TestHost } from '../../../helpers/running-host';
import { tempDir } from '../../../helpers/temp-dir';

function csv(path: string, seed: number): string {
  mkdirSync(dirname(path), { recursive: true });
  const rows = Array.from({ length: 300 }, (_, i) => `${((i * 7919 + seed) % 1000) / 10},${i % 3 === 0 ? 'a' : 'b'}`);
  writeFileSync(path, ['x,kind', ...rows].join('\n') + '\n');
  return path;
}


describe('what the network may change and read', () => {
  let host: TestHost;
  let data: string;
  let outside: string;
  const command = { name: 'restart-trainer', action: 'command', command: ['/usr/bin/true'], when: { rule: 'cpu' } };

  beforeAll(async () => {
    data = join(tempDir(), 'datasets');
    outside = join(tempDir(), 'private');
    csv(join(data, 'ref.csv'), 1);
    csv(join(data, 'cur.csv'), 2);
    csv(join(outside, 'secret.csv'), 3);
    symlinkSync(join(outside, 'secret.csv'), join(data, 'link.csv'));
    host = await startTestHost({ config: { alerts: { actions: [command] }, drift: { dataFolders: [data] } } });
  });
  afterAll(() => host.stop());

  it('refuses over HTTP a change to a setting that runs programs, naming where to change it, and saves nothing', async () => {
    const before = readFileSync(join(host.dataDir, 'config.json'), 'utf8');
    const attempts = [
      { monitor: { gpu: { nvidiaSmi: '/tmp/evil' } } },
      { alerts: { cacheFolders: ['/'] } },
      { drift: { dataFolders: ['/'] } },
      { alerts: { actions: [command, { name: 'pwn', action: 'command', command: ['/bin/sh', '-c', 'id'] }] } },
      { alerts: { actions: [{ ...command, command: ['/bin/rm', '-rf', '/'] }] } },
      { alerts: { actions: [{ ...command, action: 'restart_service' }] } },
      { alerts: { actions: [command, { name: 'check', action: 'run_drift_check', reference: '/etc/shadow', current: '/etc/passwd' }] } },
      { monitor: { intervalMs: 2000, gpu: { nvidiaSmi: 'sh' } } },
    ];
    for (const patch of attempts) {
      const result = await rpc(host, 'config.update', patch);
      expect(result.ok, JSON.stringify(patch)).toBe(false);
      expect(result.error!.code).toBe('invalid_request');
      expect(result.error!.message).toContain(join(host.dataDir, 'config.json'));
      expect(result.error!.message).toMatch(/desktop app/);
    }
    expect(readFileSync(join(host.dataDir, 'config.json'), 'utf8')).toBe(before);
    expect(host.app.config.value.monitor.intervalMs).not.toBe(2000);
  });

  it('refuses the same over the WebSocket the browser UI uses', async () => {
    const transport = createWebSocketTransport({
      url: `ws://127.0.0.1:${host.host.port}/api/ws`,
      protocols: bearerProtocols(host.token),
      createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike,
    });
    try {
      await expect(createApiClient(transport).call('config.update', { monitor: { gpu: { nvidiaSmi: '/tmp/evil' } } })).rejects.toThrow(/monitor\.gpu\.nvidiaSmi cannot be changed over the network/);
    } finally {
      transport.close();
    }
    expect(host.app.config.value.monitor.gpu.nvidiaSmi).toBe('nvidia-smi');
  });

  it('still saves the other settings over HTTP, and when a command action fires, but not what it runs', async () => {
    const ok = await rpc(host, 'config.update', {
      monitor: { intervalMs: 1500, gpu: { nvidiaSmi: 'nvidia-smi' } },
      alerts: { actions: [{ ...command, when: { rule: 'memory' } }, { name: 'tell-me', action: 'notify_desktop' }] },
    });
    expect(ok.ok).toBe(true);
    expect(host.app.config.value.monitor.intervalMs).toBe(1500);
    expect(host.app.config.value.alerts.actions.map((a) => [a.name, a.when.rule])).toEqual([['restart-trainer', 'memory'], ['tell-me', undefined]]);
  });

  it('lets the desktop app (the app\'s own dispatch, as over IPC) change them', async () => {
    const result = await host.app.dispatch('config.update', { monitor: { gpu: { nvidiaSmi: '/opt/nvidia/bin/nvidia-smi' } } });
    expect(result.ok).toBe(true);
    expect(host.app.config.value.monitor.gpu.nvidiaSmi).toBe('/opt/nvidia/bin/nvidia-smi');
  });

  it('compares datasets by path inside drift.dataFolders, and nothing outside them, however spelled', async () => {
    const run = (reference: string, current: string) => rpc(host, 'drift.columns', { reference: { path: reference }, current: { path: current } });
    const good = await run(join(data, 'ref.csv'), join(data, 'cur.csv'));
    expect(good.ok).toBe(true);
    expect(good.value).toMatchObject({ columns: expect.any(Array) });

    for (const path of [join(outside, 'secret.csv'), join(data, '..', 'private', 'secret.csv'), join(data, 'link.csv'), 'secret.csv', '/etc/passwd']) {
      for (const method of ['drift.columns', 'drift.run']) {
        const result = await rpc(host, method, { reference: { path: join(data, 'ref.csv') }, current: { path } });
        expect(result.ok, `${method} ${path}`).toBe(false);
        expect(result.error!.message).toMatch(/^current: /);
        expect(result.error!.message).not.toMatch(/x,kind/);
      }
    }
  });

  it('offers uploads when no data folder is set', async () => {
    const other = await startTestHost();
    try {
      const result = await rpc(other, 'drift.columns', { reference: { path: join(data, 'ref.csv') }, current: { path: join(data, 'cur.csv') } });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(result.error!.message).toMatch(/upload the file, or add its folder to drift\.dataFolders/);
      expect((await other.app.dispatch('drift.columns', { reference: { path: join(data, 'ref.csv') }, current: { path: join(outside, 'secret.csv') } })).ok).toBe(true);
    } finally {
      await other.stop();
    }
  });

  it('restores over the network only into backup.restoreFolders, never anywhere the user can write', async () => {
    const models = join(tempDir(), 'models');
    mkdirSync(models);
    writeFileSync(join(models, 'weights.pt'), 'weights');
    const restores = join(tempDir(), 'restores');
    mkdirSync(restores);
    const elsewhere = tempDir();
    symlinkSync(elsewhere, join(restores, 'escape'));
    const other = await startTestHost({
      config: { backup: { sources: [{ name: 'models', path: models }], destination: join(tempDir(), 'b'), restoreFolders: [restores], schedule: { fullEveryHours: null, incrementalEveryHours: null } } },
    });
    try {
      const [archive] = await other.app.backup.runNow();
      for (const to of [join(elsewhere, 'autostart'), join(restores, '..', 'planted'), join(restores, 'escape', 'planted'), restores, 'relative/folder']) {
        const result = await rpc(other, 'backup.restore', { id: archive!.id, to, paths: [] });
        expect(result.ok, to).toBe(false);
        expect(result.error!.code).toBe('invalid_request');
      }
      expect(readdirSync(elsewhere)).toEqual([]);
      const good = await rpc(other, 'backup.restore', { id: archive!.id, to: join(restores, 'yesterday'), paths: [] });
      expect(good).toMatchObject({ ok: true, value: { files: 1 } });
      expect(readFileSync(join(restores, 'yesterday', 'weights.pt'), 'utf8')).toBe('weights');
      // The desktop app and the CLI restore wherever their user says.
      expect((await other.app.dispatch('backup.restore', { id: archive!.id, to: join(elsewhere, 'mine'), paths: [] })).ok).toBe(true);
    } finally {
      await other.stop();
    }
  });

  it('says how to allow restoring to another folder when none is set', async () => {
    const result = await rpc(host, 'backup.restore', { id: 1, to: join(tempDir(), 'x'), paths: [] });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(result.error!.message).toMatch(/restoring to another folder is off in the browser: restore in place, add a folder to backup\.restoreFolders/);
  });
});
