import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TopProcesses } from '../../../../main/monitor/top-processes';

describe.runIf(process.platform === 'linux')('TopProcesses on this machine’s real /proc', () => {
  it('finds this process busy by CPU, with its name and resident memory, from the change since the last read', async () => {
    const top = new TopProcesses();
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
});
