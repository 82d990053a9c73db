// The alert engine's own cost: rule evaluation per monitor sample, and the time from a sample
// crossing a threshold to the webhook receiving it on 127.0.0.1. No peer runs here: Prometheus and
// Alertmanager are not installed on this machine, so their default timings are printed as stated
// in their documentation, not measured.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertEngine } from '../../main/alerts/alert-engine';
import { OutboxDeliverer } from '../../main/alerts/outbox-deliverer';
import { createAlertsRepository } from '../../main/store/alerts-repository';
import { openStore } from '../../main/store/open';
import { Config } from '../../shared/config';
import { simulateDay } from '../../test/helpers/simulated-day';

/** One sample's alertable points on a box with 8 disks, 4 GPUs and 10 models; four disks stay over the line. */
function samplePoints(): [string, number][] {
  const points: [string, number][] = [['cpu.total', 40], ['memory.used_percent', 50]];
  for (let d = 0; d < 8; d++) points.push([`disk.used_percent{/d${d}}`, d < 4 ? 97 : 30]);
  for (let g = 0; g < 4; g++) points.push([`gpu.temperature{${g}}`, 60], [`gpu.throttled{${g}}`, 0]);
  for (let m = 0; m < 10; m++) points.push([`model.latency_p95{m${m}}`, 50], [`model.error_rate{m${m}}`, 0.1]);
  return points;
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const received: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(performance.now());
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const db = openStore(dataDir);
  const repository = createAlertsRepository(db);
  // Without the 10-second grouping window, so the figure is the engine's and the outbox's own delay.
  const config = Config.parse({ alerts: { groupWaitSeconds: 0, channels: [{ name: 'hook', type: 'webhook', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` }] } }).alerts;
  let now = Date.now();
  const deliverer = new OutboxDeliverer({ repository, channels: () => config.channels, dataDir, now: () => now, desktop: async () => {}, onChannelHealth: () => {} });
  const engine = new AlertEngine({ repository, config: () => config, now: () => now, onChange: () => {}, onQueued: () => deliverer.wake() });
  try {
    deliverer.start();
    await deliverer.deliverDue();

    const points = samplePoints();
    for (let i = 0; i < 200; i++) {
      now += 1000;
      engine.observe(points);
    }
    const samples = 3000;
    const start = performance.now();
    for (let i = 0; i < samples; i++) {
      now += 1000;
      engine.observe(points);
    }
    const perSample = (performance.now() - start) / samples;
    console.log(`alerts: rule evaluation, ${points.length} points per sample, ${repository.open().length} open alerts`);
    console.log(`  vigil                      ${(perSample * 1000).toFixed(0).padStart(7)} µs/sample`);

    // Each round: a model's error rate crosses the critical line (fires at once), the webhook hears it, it clears.
    const latencies: number[] = [];
    for (let round = 0; round < 50; round++) {
      now += 1000;
      const before = received.length;
      const crossed = performance.now();
      engine.observe([[`model.error_rate{bench}`, 50]]);
      while (received.length === before) await new Promise((resolve) => setTimeout(resolve, 0));
      latencies.push(received[before]! - crossed);
      now += 1000;
      engine.observe([[`model.error_rate{bench}`, 0]]);
      // the resolved notice goes out too, so the next round starts from an empty outbox
      while (received.length < before + 2) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
    console.log('alerts: threshold crossed → webhook received on 127.0.0.1 (50 rounds)');
    console.log(`  vigil                      median ${at(0.5)} ms, p95 ${at(0.95)} ms`);
    console.log('  Prometheus + Alertmanager  not measured here (not installed); with their defaults a rule is');
    console.log('                             evaluated every 1 min and a new group waits 30 s (group_wait)');

    // The noise budget: the day test/integration/main/alerts/simulated-day.test.ts asserts.
    const dayDir = mkdtempSync(join(tmpdir(), 'vigil-bench-day-'));
    try {
      const day = await simulateDay(dayDir);
      // INFO anomaly notices reach only the log, never a person: counted apart.
      const isAnomaly = (line: string) => / is (unusual|back to usual)/.test(line);
      const counts = ['log', 'desktop', 'slack'].map((channel) => `${channel} ${(day.notifications[channel] ?? []).filter((l) => !isAnomaly(l)).length}`);
      const total = Object.values(day.notifications).reduce((sum, list) => sum + list.filter((l) => !isAnomaly(l)).length, 0);
      const anomalyNotices = (day.notifications.log ?? []).filter(isAnomaly).length;
      console.log('alerts: a simulated day (3 training runs, a 3-min service outage, a 20-min CPU job, disk at 91 % for 30 s,');
      console.log('        a GPU hot for 2 min, a value flapping at a threshold), real engines, fake clock, 5 s ticks');
      console.log(`  notifications              ${total} (${counts.join(', ')}); ${day.alerts.length} alerts and events in the history`);
      console.log(`  INFO anomaly notices       ${anomalyNotices}, to the log only`);
      console.log(`  simulated in               ${(day.elapsedMs / 1000).toFixed(1)} s`);
    } finally {
      rmSync(dayDir, { recursive: true, force: true });
    }
  } finally {
    await deliverer.stop();
    db.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
