import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TopProcesses } from '../../../../main/monitor/top-processes';

describe.runIf(process.platform === 'linux')('TopProcesses on this machine’s real /proc', () => {
  it('finds this process busy by CPU, with its name and resident memory, from the change since the last read', async () => {
    const top = new TopProcesses();
    onTestFinished(() => top.close());
    const first = await top.read();
    // Without an earlier reading nothing has a rate yet.
    expect(first.byCpu.every((p) => p.cpuPercent === 0)).toBe(true);
    const until = performance.now() + 300;
    while (performance.now() < until); // one core, busy
    const second = await top.read();
    const self = second.byCpu.find((p) => p.pid === process.pid);
    expect(self).toBeDefined();
    expect(self!.cpuPercent).toBeGreaterThan(25); // about 100 on a machine with a core to spare
    expect(self!.memoryBytes).toBeGreaterThan(10 * 1024 ** 2);
    expect(second.byMemory).toHaveLength(5);
    expect(second.byMemory[0]!.memoryBytes).toBeGreaterThanOrEqual(second.byMemory[4]!.memoryBytes);
    const stat = readFileSync('/proc/self/stat', 'utf8');
    expect(self!.name).toBe(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
  });

  it('follows a process that starts and one that ends between reads, and gives back the files it keeps open', async () => {
    // The PIDs whose /proc/PID/stat this process holds open.
    const keptPids = () =>
      new Set(
        readdirSync('/proc/self/fd').flatMap((fd) => {
          try {
            const match = /^\/proc\/(\d+)\/stat$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
            return match ? [Number(match[1])] : [];
          } catch {
            return []; // closed while we looked
          }
        }),
      );
    const top = new TopProcesses();
    onTestFinished(() => top.close());
    await top.read();
    expect(keptPids().has(process.pid)).toBe(true);

    const child = spawn(process.execPath, ['-e', 'const until = Date.now() + 2000; while (Date.now() < until);']);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const found = await top.read();
    expect(found.byCpu.length).toBe(5);
    expect(keptPids().has(child.pid!)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 700));
    // Read again through the file kept open: the figures are today's, not those of the first read.
    const busy = await top.read();
    expect(busy.byCpu.find((p) => p.pid === child.pid)?.cpuPercent ?? 0).toBeGreaterThan(25);

    await exited;
    await top.read();
    expect(keptPids().has(child.pid!)).toBe(false);

    top.close();
    expect(keptPids().size).toBe(0);
  });
});
