import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../main/app';
import type { IngestRecord } from '../../shared/monitor';
import type { Alert } from '../../shared/alerts';
import { scriptedGpu, scriptedSampler, type MachineState } from './scripted-sampler';

const day = Date.UTC(2026, 10, 30);
const at = (hh: number, mm: number, ss = 0) => day + ((hh * 60 + mm) * 60 + ss) * 1000;
const tickMs = 5000;

/** The three training runs: they post progress every 30 s, and end. */
const runs = [
  { model: 'train-a', from: at(9, 0), to: at(11, 0), kind: undefined },
  { model: 'train-b', from: at(13, 0), to: at(13, 45), kind: 'run' as const },
  { model: 'train-c', from: at(20, 0), to: at(23, 30), kind: undefined },
];
/** A model service reporting every 15 s, down for three minutes in the afternoon. */
const service = { model: 'ranker', outageFrom: at(14, 0), outageTo: at(14, 3) };

/** What the machine reads at `t`. */
function machineAt(t: number): MachineState {
  const inside = (from: number, to: number) => t >= from && t < to;
  return {
    // A CPU-bound preprocessing job for 20 minutes.
    cpuPercent: inside(at(10, 0), at(10, 20)) ? 90 : 25,
    // A value flapping around the memory warning line (85 %) for 5 minutes.
    memoryPercent: inside(at(17, 0), at(17, 5)) ? (Math.floor(t / tickMs) % 2 ? 83 : 87) : 45,
    // A disk that touches 91 % for 30 seconds.
    disks: { '/': 60, '/data': inside(at(15, 0), at(15, 0, 30)) ? 91 : 70 },
    // A GPU that runs hot (86 °C, warning at 83) for 2 minutes.
    gpuCelsius: inside(at(16, 0), at(16, 2)) ? 86 : 62,
  };
}

function reportsAt(t: number): IngestRecord[] {
  const records: IngestRecord[] = [];
  for (const run of runs) {
    if (t >= run.from && t < run.to && (t - run.from) % 30_000 === 0) {
      const step = (t - run.from) / 30_000;
      records.push({ model: run.model, ...(run.kind ? { kind: run.kind } : {}), gauges: { loss: 2 / (step + 1), step } });
    }
  }
  const outage = t >= service.outageFrom && t < service.outageTo;
  if (!outage && t % 15_000 === 0) records.push({ model: service.model, kind: 'service', expectedIntervalSeconds: 15, predictions: 300, errors: 1, latency_ms: [35, 40, 42, 48, 60] });
  return records;
}

export interface SimulatedDay {
  /** Per channel, each notification queued for it: `kind: summary`, in order. */
  notifications: Record<string, string[]>;
  /** Every alert and event of the day, in order. */
  alerts: Alert[];
  /** Wall-clock milliseconds the day took to simulate. */
  elapsedMs: number;
}

/**
 * A day on a training workstation, through the real engines (monitor, model lifecycle, alert
 * rules, outbox) with a fake clock stepped every 5 s: three training runs that start and end, a
 * model service with a 3-minute outage, a 20-minute CPU-bound job, a disk at 91 % for 30 s, a
 * GPU hot for 2 minutes, a value flapping around a threshold. The channels are the defaults (log,
 * desktop) plus a Slack webhook, as a user who set one up has them.
 */
export async function simulateDay(dataDir: string): Promise<SimulatedDay> {
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      alerts: {
        channels: [
          { name: 'log', type: 'log' },
          { name: 'desktop', type: 'desktop' },
          { name: 'slack', type: 'webhook', format: 'slack', url: 'http://127.0.0.1:9/hooks/team' },
        ],
      },
    }),
  );
  const clock = { now: day };
  const machine = machineAt(day);
  const app = createApp({ dataDir, host: 'test', live: false, now: () => clock.now, sampler: scriptedSampler(machine), gpu: scriptedGpu(machine) });
  const started = performance.now();
  try {
    for (let t = day; t < day + 24 * 3_600_000; t += tickMs) {
      clock.now = t;
      Object.assign(machine, machineAt(t));
      const records = reportsAt(t);
      if (records.length) app.monitor.ingest(records);
      await app.monitor.step();
    }
    const notifications: Record<string, string[]> = {};
    for (const n of app.alerts.notifications().reverse()) (notifications[n.channel] ??= []).push(n.summary);
    const alerts = app.alerts
      .history({ limit: 1000 })
      .map((h) => h.alert)
      .reverse();
    return { notifications, alerts, elapsedMs: performance.now() - started };
  } finally {
    await app.dispose();
  }
}
