import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GpuRuns, readCommandLine, type GpuRunEvent } from '../../../../../main/monitor/gpu/gpu-runs';
import type { GpuSample } from '../../../../../shared/monitor';
import { nvidiaSmiFrames } from '../../../../helpers/nvidia-smi-frames';
import { tempDir } from '../../../../helpers/temp-dir';

const start = Date.UTC(2026, 10, 30, 8, 0, 0);
const mib = 1024 * 1024;

function follow(commandLine: (pid: number) => string | null = () => 'python3 train.py --epochs 90') {
  const events: GpuRunEvent[] = [];
  const runs = new GpuRuns({ stall: () => ({ utilizationPercent: 5, afterMs: 10 * 60_000 }), onEvent: (e) => events.push(e), commandLine });
  return { runs, events };
}

describe('GpuRuns', () => {
  it('follows a recorded run: stalled after 10 idle minutes, cleared when busy again, ended with its duration and peak memory', () => {
    const { runs, events } = follow();
    const seen: string[] = [];
    for (const frame of nvidiaSmiFrames('stalled-run.txt')) {
      // A failed poll is never observed (the monitor skips readings of a failing nvidia-smi).
      if (!frame.failed) runs.observe(start + frame.seconds * 1000, frame.gpus);
      seen.push(`${frame.seconds}: ${events.splice(0).map((e) => e.type + (e.type === 'cleared' ? `(${e.reason})` : '')).join(' ')}`);
    }
    expect(seen).toEqual(['0: ', '3600: ', '10800: ', '11100: ', '11399: ', '11401: stalled', '11460: ', '11500: cleared(busy)', '11520: ended']);
  });

  it('names the process, its command line and its GPU in the stalled event, and its peak memory and duration when it ends', () => {
    const { runs, events } = follow();
    for (const frame of nvidiaSmiFrames('stalled-run.txt')) if (!frame.failed) runs.observe(start + frame.seconds * 1000, frame.gpus);
    const stalled = events.find((e) => e.type === 'stalled')!;
    expect(stalled.run).toMatchObject({ pid: 48213, name: '/usr/bin/python3', commandLine: 'python3 train.py --epochs 90', gpus: [0], idleSince: start + 10_800_000 });
    const ended = events.find((e) => e.type === 'ended')!;
    expect(ended.run).toMatchObject({ pid: 48213, peakMemoryBytes: 97_280 * mib, firstSeenAt: start, lastSeenAt: start + 11_500_000 });
    expect(ended.at).toBe(start + 11_520_000);
    // Gone processes are forgotten.
    expect(runs.runs()).toEqual([]);
  });

  it('clears a stalled run whose process exits, then reports it ended', () => {
    const { runs, events } = follow();
    const frames = nvidiaSmiFrames('stalled-run.txt');
    const stalledAt = frames.findIndex((f) => f.seconds === 11401);
    for (const frame of frames.slice(0, stalledAt + 1)) runs.observe(start + frame.seconds * 1000, frame.gpus);
    runs.observe(start + 11_530_000, frames.at(-1)!.gpus);
    expect(events.map((e) => e.type + (e.type === 'cleared' ? `(${e.reason})` : ''))).toEqual(['stalled', 'cleared(exited)', 'ended']);
  });

  it('does not call a GPU of unknown utilisation idle, nor a process holding no memory', () => {
    const { runs, events } = follow();
    const [frame] = nvidiaSmiFrames('stalled-run.txt');
    const unknown: GpuSample[] = frame!.gpus.map((g) => ({ ...g, utilization: null }));
    const empty: GpuSample[] = frame!.gpus.map((g) => ({ ...g, utilization: 0, processes: g.processes.map((p) => ({ ...p, memoryBytes: 0 })) }));
    for (let minute = 0; minute <= 30; minute++) runs.observe(start + minute * 60_000, minute < 15 ? unknown : empty);
    expect(events).toEqual([]);
  });

  it('sees a new process behind a reused pid: the first has ended', () => {
    const { runs, events } = follow();
    const [frame] = nvidiaSmiFrames('stalled-run.txt');
    runs.observe(start, frame!.gpus);
    const renamed = frame!.gpus.map((g) => ({ ...g, processes: g.processes.map((p) => ({ ...p, name: 'ollama' })) }));
    runs.observe(start + 60_000, renamed);
    expect(events.map((e) => `${e.type} ${e.run.name}`)).toEqual(['ended /usr/bin/python3']);
    expect(runs.runs().map((r) => r.name)).toEqual(['ollama']);
  });

  it('reads a command line with its arguments, and null for a process that is gone', () => {
    const proc = tempDir();
    mkdirSync(join(proc, '4242'));
    writeFileSync(join(proc, '4242', 'cmdline'), 'python3\0train.py\0--lr\x000.1\0');
    expect(readCommandLine(4242, proc)).toBe('python3 train.py --lr 0.1');
    expect(readCommandLine(4243, proc)).toBeNull();
    expect(readCommandLine(process.pid)).toContain('node');
  });

  it('masks the values of secret-looking options in a command line, which alerts carry to webhooks and mail', () => {
    const proc = tempDir();
    mkdirSync(join(proc, '77'));
    const args = ['python3', 'train.py', '--api-key=sk-123', '--password', 'hunter2', 'HF_TOKEN=hf_abc', '--lr', '0.1', '--auth-file', '/tmp/x', '--epochs', '3'];
    writeFileSync(join(proc, '77', 'cmdline'), `${args.join('\0')}\0`);
    expect(readCommandLine(77, proc)).toBe('python3 train.py --api-key=*** --password *** HF_TOKEN=*** --lr 0.1 --auth-file *** --epochs 3');
  });
});
