// The monitor's own cost: CPU per sample (Linux /proc path against systeminformation, same run),
// the whole headless host's CPU at the default 1 s interval over a minute, the cost of a Prometheus
// scrape of /metrics, ingest throughput into the store, and a 30-day history query.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordSummary } from '../summary';
import { LinuxSampler } from '../../main/monitor/linux-sampler';
import { SystemInformationSampler } from '../../main/monitor/system-information-sampler';
import type { SystemSampler } from '../../main/monitor/system-reading';
import { createMetricStore } from '../../main/store/metric-store';
import { openStore } from '../../main/store/open';
import { createApp } from '../../main/app';

const ticksPerSecond = 100;

/** CPU seconds used by a process and the children it waited for, from /proc/PID/stat. */
function cpuSeconds(pid: number | 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / ticksPerSecond;
}

async function costPerSample(sampler: SystemSampler, samples: number): Promise<{ cpuMs: number; wallMs: number }> {
  await sampler.read();
  const cpu = cpuSeconds('self');
  const wall = performance.now();
  for (let i = 0; i < samples; i++) await sampler.read();
  const result = { cpuMs: ((cpuSeconds('self') - cpu) * 1000) / samples, wallMs: (performance.now() - wall) / samples };
  await sampler.close?.();
  return result;
}

async function samplers(): Promise<void> {
  const linux = await costPerSample(new LinuxSampler(), 500);
  const portable = await costPerSample(new SystemInformationSampler(), 30);
  console.log('monitor: CPU time per system sample (this process and the tools it ran)');
  console.log(`  Linux /proc fast path        ${linux.cpuMs.toFixed(2).padStart(7)} ms CPU  ${linux.wallMs.toFixed(2).padStart(7)} ms wall`);
  console.log(`  systeminformation            ${portable.cpuMs.toFixed(2).padStart(7)} ms CPU  ${portable.wallMs.toFixed(2).padStart(7)} ms wall   (${(portable.cpuMs / linux.cpuMs).toFixed(0)}× the CPU)`);
}

async function hostOverAMinute(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const vigil = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));
  const child = spawn(process.execPath, [vigil, '--data-dir', dataDir, 'serve', '--port', '0', '--no-open'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => String(chunk).includes('Vigil is running') && resolve());
      child.on('exit', (code) => reject(new Error(`vigil serve exited with ${code}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 5000)); // past start-up
    const before = cpuSeconds(child.pid!);
    const seconds = 60;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const used = cpuSeconds(child.pid!) - before;
    console.log(`monitor: the whole headless host at the default 1 s interval, over ${seconds} s`);
    const percent = (100 * used) / seconds;
    console.log(`  vigil serve                  ${percent.toFixed(2).padStart(7)} % of one core   (target ≤ 0.3 %; Netdata claims 1–5 %)`);
    recordSummary({ measure: 'headless host at 1 s, no client, 60 s', vigil: `${percent.toFixed(2)} % of a core`, peer: 'Netdata claims 1–5 %', goal: '≤ 0.3 %', met: percent <= 0.3 });
  } finally {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function store(): void {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    const db = openStore(dir);
    const metrics = createMetricStore(db);
    const series = Array.from({ length: 50 }, (_, i) => `bench.series{${i}}`);
    const start = Date.UTC(2026, 9, 1);
    const total = 1_000_000;
    const batch = 10_000;
    const t = performance.now();
    for (let written = 0; written < total; written += batch) {
      const points: [string, number, number][] = [];
      for (let k = written; k < written + batch; k++) points.push([series[k % 50]!, start + Math.floor(k / 50) * 1000, Math.sin(k)]);
      metrics.write(points);
    }
    const rate = total / ((performance.now() - t) / 1000);
    console.log('monitor: ingest into the store, batches of 10 000 points');
    console.log(`  ${Math.round(rate).toLocaleString('en').padStart(12)} points/s   (target > 200 000)`);

    // 30 days of one point every 10 s for one series, rolled into minutes and hours.
    const month = 30 * 86_400_000;
    const now = start + month;
    const points: [string, number, number][] = [];
    for (let at = start; at < now; at += 10_000) points.push(['bench.month', at, Math.random() * 100]);
    metrics.write(points);
    const retention = { rawHours: 24 * 31, minuteDays: 31, hourDays: 365 };
    metrics.maintain(now, retention);
    console.log('monitor: a 30-day history query for one series');
    for (const chartPoints of [2000, 600]) {
      metrics.history(['bench.month'], now - month, now, chartPoints, now, retention);
      const q = performance.now();
      const runs = 20;
      let tier = '';
      for (let i = 0; i < runs; i++) tier = metrics.history(['bench.month'], now - month, now, chartPoints, now, retention).tier;
      console.log(`  ${String(chartPoints).padStart(4)} points from the ${tier.padEnd(6)} tier  ${((performance.now() - q) / runs).toFixed(2).padStart(7)} ms   (target < 50 ms)`);
    }
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A scrape of /metrics as the host answers it: node_exporter's collectors, GPUs, models and Vigil's own state. */
async function scrape(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const app = createApp({ dataDir, host: 'server', live: false });
  try {
    await app.monitor.sample();
    await app.monitor.sample();
    const text = await app.monitor.metricsText();
    const runs = 200;
    const cpu = cpuSeconds('self');
    const wall = performance.now();
    for (let i = 0; i < runs; i++) await app.monitor.metricsText();
    const cpuMs = ((cpuSeconds('self') - cpu) * 1000) / runs;
    const wallMs = (performance.now() - wall) / runs;
    const series = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
    console.log(`monitor: one scrape of /metrics (${series} series, ${(text.length / 1024).toFixed(0)} KiB), ${runs} scrapes`);
    console.log(`  metricsText()                ${cpuMs.toFixed(2).padStart(7)} ms CPU  ${wallMs.toFixed(2).padStart(7)} ms wall   (at one scrape every 15 s: ${((100 * cpuMs) / 15_000).toFixed(3)} % of one core)`);
    const share = (100 * cpuMs) / 15_000;
    recordSummary({ measure: `one /metrics scrape (${series} series)`, vigil: `${cpuMs.toFixed(1)} ms CPU`, peer: 'node_exporter not run here', goal: '< 0.1 % of a core at one scrape per 15 s', met: share < 0.1 });
  } finally {
    await app.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  await samplers();
  await scrape();
  store();
  await hostOverAMinute();
}
