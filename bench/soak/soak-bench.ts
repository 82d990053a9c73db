// Under load for days: 4 clients posting batches of 20 records (1 000 distinct models, 50 latencies
// each) as fast as the host answers, 5 WebSocket clients subscribed to samples and a history query
// every second, against `vigil serve` in its own process. SOAK_SECONDS sets the length (600 s),
// SOAK_MODELS the number of distinct models (1 000; the first report used 80), VIGIL_BIN
// another build's bin/vigil.js to compare with.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordSummary } from '../summary';
import { commonSamples, databaseBytes, quantile, runLoad, startServeProcess } from '../../test/helpers/ingest-load';

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

/** CPU seconds a process used so far, from /proc/PID/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The peer: an idle Node process measuring its own event-loop lag the same way at the same time,
 * so the host's figure can be read against what the machine's load alone does to a process.
 */
function idlePeer(): { p99s: number[]; stop(): void } {
  const code = `const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 }); h.enable();
    setInterval(() => { console.log(Math.max(0, h.percentile(99) / 1e6 - 10)); h.reset(); }, 1000);`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const p99s: number[] = [];
  child.stdout.on('data', (chunk) => p99s.push(...String(chunk).trim().split('\n').map(Number)));
  return { p99s, stop: () => child.kill() };
}

export async function run(): Promise<void> {
  const seconds = Number(process.env.SOAK_SECONDS ?? 600);
  if (!(seconds >= 10)) throw new Error(`SOAK_SECONDS must be at least 10, got ${process.env.SOAK_SECONDS}`);
  const models = Number(process.env.SOAK_MODELS ?? 1000);
  if (!Number.isInteger(models) || models < 1 || models > 1000) throw new Error(`SOAK_MODELS must be 1 to 1000 (the default model cap), got ${process.env.SOAK_MODELS}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-soak-'));
  const host = await startServeProcess(dataDir, { monitor: { gpu: { enabled: false } } });
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000)); // past start-up
    const rssStart = host.rssBytes();
    const dbStart = databaseBytes(dataDir);
    const cpuStart = cpuSeconds(host.pid);
    const peer = idlePeer();
    const report = await runLoad(host, {
      durationMs: seconds * 1000, ingestClients: 4, recordsPerBatch: 20, models, latenciesPerRecord: 50, socketClients: 5, historyEveryMs: 1000,
      onSecond: (s) => s > 0 && s % 60 === 0 && console.log(`  … ${s} s, RSS ${mb(host.rssBytes())}`),
    });
    const cpuUsed = cpuSeconds(host.pid) - cpuStart;
    peer.stop();
    const rssAt = (fraction: number) => report.rss[Math.min(report.rss.length - 1, Math.floor(fraction * report.rss.length))]!.bytes;
    const afterFirstMinute = report.rss.filter((r) => r.second >= 60).map((r) => r.bytes);
    const lags = report.sockets[0]!.samples.map((s) => s.lagP99Ms).filter((v): v is number => v !== null);
    const { window, missing } = commonSamples(report.sockets);
    console.log(`soak: ${report.seconds.toFixed(0)} s, 4 ingest clients × 20 records × 50 latencies, ${models} models, 5 WebSocket clients, history every 1 s`);
    console.log(`  records accepted             ${(report.recordsAccepted / report.seconds).toFixed(0).padStart(9)} /s   (${report.recordsAccepted} in all, ${report.requests} requests)`);
    console.log(`  failed requests              ${String(report.failedRequests).padStart(9)}      ${report.failures.slice(0, 3).join(' | ')}`);
    console.log(`  ingest latency p50 / p99     ${quantile(report.ingestMs, 0.5).toFixed(1).padStart(9)} / ${quantile(report.ingestMs, 0.99).toFixed(1)} ms   (goal p99 < 20 ms)`);
    console.log(
      lags.length
        ? `  event-loop lag p99 / max     ${quantile(lags, 0.99).toFixed(1).padStart(9)} / ${Math.max(...lags).toFixed(1)} ms   (per-second p99s from the samples; goal p99 < 50 ms)`
        : '  event-loop lag                     n/a      (this build does not report it in its samples)',
    );
    console.log(`  peer: idle Node process      ${quantile(peer.p99s, 0.99).toFixed(1).padStart(9)} / ${Math.max(...peer.p99s).toFixed(1)} ms   (its own lag p99 / max over the same run: the machine's share)`);
    console.log(`  host CPU                     ${((100 * cpuUsed) / report.seconds).toFixed(0).padStart(9)} % of one core   (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${availableParallelism()} cores)`);
    console.log(`  RSS start / middle / end     ${mb(rssStart).padStart(9)} / ${mb(rssAt(0.5))} / ${mb(rssAt(1))}   (max after the first minute ${afterFirstMinute.length ? mb(Math.max(...afterFirstMinute)) : 'n/a'}; goal < 250 MB, flat)`);
    console.log(`  WebSocket frames delivered   ${report.sockets.map((s) => s.frames).join(' / ').padStart(9)}   (${window.length} samples seen by all; missed per client: ${missing.join(' / ')})`);
    console.log(`  history queries              ${String(report.historyQueries).padStart(9)}      (${report.historyFailures} failed)`);
    console.log(`  database size                ${mb(dbStart).padStart(9)} → ${mb(databaseBytes(dataDir))}`);

    const label = `soak ${report.seconds.toFixed(0)} s, ${models} models`;
    const ingestP99 = quantile(report.ingestMs, 0.99);
    const peerP99 = quantile(peer.p99s, 0.99);
    // Flat: after the first minute (or the first half of a shorter run) RSS grows by at most 10 %.
    const settled = afterFirstMinute.length ? afterFirstMinute : report.rss.slice(Math.floor(report.rss.length / 2)).map((r) => r.bytes);
    const rssMax = Math.max(...report.rss.map((r) => r.bytes));
    recordSummary({ measure: `${label}: records accepted`, vigil: `${(report.recordsAccepted / report.seconds).toFixed(0)} /s` });
    recordSummary({ measure: `${label}: failed requests`, vigil: String(report.failedRequests + report.historyFailures), goal: '0', met: report.failedRequests + report.historyFailures === 0 });
    recordSummary({ measure: `${label}: ingest p99`, vigil: `${ingestP99.toFixed(1)} ms`, goal: '< 20 ms', met: ingestP99 < 20 });
    if (lags.length) {
      const lagP99 = quantile(lags, 0.99);
      recordSummary({ measure: `${label}: event-loop lag p99`, vigil: `${lagP99.toFixed(1)} ms`, peer: `idle Node ${peerP99.toFixed(1)} ms`, goal: '< 50 ms', met: lagP99 < 50 });
    }
    recordSummary({ measure: `${label}: RSS max`, vigil: mb(rssMax), goal: '< 250 MB', met: rssMax < 250 * 1024 ** 2 });
    recordSummary({ measure: `${label}: RSS growth once settled`, vigil: `${mb(settled[0]!)} → ${mb(settled.at(-1)!)}`, goal: 'flat (≤ 10 %)', met: settled.at(-1)! <= 1.1 * settled[0]! });
    recordSummary({ measure: `${label}: samples a socket missed`, vigil: String(Math.max(...missing)), goal: '0', met: Math.max(...missing) === 0 });
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
