import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestHost, type TestHost } from '../../../helpers/running-host';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(process.platform === 'linux')('top processes of the headless host', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ config: { monitor: { intervalMs: 250, processesIntervalMs: 1000, gpu: { enabled: false } } } });
  });
  afterAll(() => host.stop());

  it('are read only while a browser receives the samples, from its first second on', async () => {
    await sleep(2500); // two intervals of the process list, nobody subscribed
    expect(host.app.monitor.latest).not.toBeNull();
    expect(host.app.monitor.latest!.processes).toBeNull();

    const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/api/ws`, { headers: { authorization: `Bearer ${host.token}` } });
    await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
    const subscribedAt = Date.now();
    const withProcesses: number[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { event?: string; payload?: { processes: { byCpu: unknown[] } | null } };
      if (message.event === 'monitor.sample' && message.payload?.processes) withProcesses.push(Date.now());
    });
    socket.send(JSON.stringify({ type: 'subscribe', event: 'monitor.sample' }));
    await expect.poll(() => withProcesses.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(withProcesses[0]! - subscribedAt).toBeLessThan(900); // the next tick, not the next interval
    expect(host.app.monitor.latest!.processes!.byCpu.length).toBeGreaterThan(0);

    socket.close();
    await expect.poll(() => host.app.events.has('monitor.sample'), { timeout: 5000 }).toBe(false);
    await sleep(1200); // a refresh under way when the socket closed lands
    const lastAt = host.app.monitor.latest!.processes!.at;
    await sleep(2500);
    expect(host.app.monitor.latest!.processes!.at).toBe(lastAt);
  });
});
