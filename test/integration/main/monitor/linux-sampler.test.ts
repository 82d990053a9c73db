import { cpus } from 'node:os';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinuxSampler } from '../../../../main/monitor/linux-sampler';
import { tempDir } from '../../../helpers/temp-dir';

describe('LinuxSampler on this machine’s real /proc', () => {
  it('reads CPU per core, memory without page cache, real filesystems, interfaces and rates', async () => {
    const sampler = new LinuxSampler();
    await sampler.read();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reading = await sampler.read();
    await sampler.close();
    expect(reading.failures.size).toBe(0);
    expect(reading.cpu.perCore).toHaveLength(cpus().length);
    expect(reading.cpu.total).toBeGreaterThanOrEqual(0);
    expect(reading.cpu.load!.one).toBeGreaterThanOrEqual(0);
    const meminfo = readFileSync('/proc/meminfo', 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(meminfo)![1]) * 1024;
    expect(reading.memory.totalBytes).toBe(kb('MemTotal'));
    // Used is total − available, so page cache does not count: it must stay below total − free − cached.
    expect(reading.memory.usedBytes).toBeLessThan(reading.memory.totalBytes - kb('MemFree') + 1);
    expect(reading.disks.map((d) => d.mount)).toContain('/');
    expect(reading.disks.every((d) => !['tmpfs', 'proc', 'sysfs', 'overlay'].includes(d.fstype))).toBe(true);
    const root = reading.disks.find((d) => d.mount === '/')!;
    expect(root.usedPercent).toBeGreaterThan(0);
    expect(root.usedPercent).toBeLessThan(100);
    expect(reading.network.length).toBeGreaterThan(0);
    expect(reading.network.every((n) => n.interface !== 'lo' && n.rxBytesPerSecond !== null)).toBe(true);
  });
});

describe('LinuxSampler on a /proc snapshot with a controllable clock', () => {
  function fakeProc(): string {
    const dir = join(tempDir(), 'proc');
    mkdirSync(join(dir, 'net'), { recursive: true });
    mkdirSync(join(dir, 'self'), { recursive: true });
    const fixtures = new URL('../../../fixtures/proc/', import.meta.url).pathname;
    cpSync(join(fixtures, 'stat'), join(dir, 'stat'));
    cpSync(join(fixtures, 'meminfo'), join(dir, 'meminfo'));
    cpSync(join(fixtures, 'loadavg'), join(dir, 'loadavg'));
    cpSync(join(fixtures, 'net-dev'), join(dir, 'net', 'dev'));
    cpSync(join(fixtures, 'diskstats'), join(dir, 'diskstats'));
    cpSync(join(fixtures, 'self-mounts'), join(dir, 'self', 'mounts'));
    return dir;
  }

  it('turns counter increases into per-second rates, across a counter reset', async () => {
    const proc = fakeProc();
    let now = 1_000_000;
    const sampler = new LinuxSampler(proc, () => now);
    const first = await sampler.read();
    expect(first.network.find((n) => n.interface === 'eth0')!.rxBytesPerSecond).toBeNull();

    const netDev = readFileSync(join(proc, 'net', 'dev'), 'utf8');
    writeFileSync(join(proc, 'net', 'dev'), netDev.replace('683895664', String(683895664 + 4_000_000)));
    const stat = readFileSync(join(proc, 'stat'), 'utf8');
    writeFileSync(join(proc, 'stat'), stat.replace(/^cpu {2}122866 808 37496 287103/m, 'cpu  122966 808 37496 287403'));
    now += 2000;
    const second = await sampler.read();
    expect(second.network.find((n) => n.interface === 'eth0')!.rxBytesPerSecond).toBe(2_000_000);
    expect(second.cpu.total).toBeCloseTo(25, 10); // 100 busy jiffies of 400

    writeFileSync(join(proc, 'net', 'dev'), netDev.replace('683895664', '1000').replace('2201246', String(2201246 + 500)));
    now += 1000;
    const third = await sampler.read();
    await sampler.close();
    const eth0 = third.network.find((n) => n.interface === 'eth0')!;
    expect(eth0.txBytesPerSecond).toBe(500);
    expect(eth0.rxBytesPerSecond).toBe(1000 + 2 ** 32 - (683895664 + 4_000_000)); // fits 32 bits: taken as a wrap
  });

  it('reports a failing collector and keeps the others', async () => {
    const proc = fakeProc();
    rmSync(join(proc, 'meminfo'));
    writeFileSync(join(proc, 'loadavg'), 'garbage');
    const sampler = new LinuxSampler(proc);
    const reading = await sampler.read();
    await sampler.close();
    expect([...reading.failures.keys()].sort()).toEqual(['load', 'memory']);
    expect(reading.failures.get('memory')).toMatch(/ENOENT/);
    expect(reading.cpu.perCore).toHaveLength(2);
    expect(reading.network.length).toBeGreaterThan(0);
  });
});
