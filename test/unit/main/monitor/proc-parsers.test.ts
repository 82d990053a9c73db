import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { counterRate } from '../../../../main/monitor/counter-rate';
import { isPhysicalDisk, parseDiskstats } from '../../../../main/monitor/proc/parse-diskstats';
import { parseLoadavg } from '../../../../main/monitor/proc/parse-loadavg';
import { parseMeminfo } from '../../../../main/monitor/proc/parse-meminfo';
import { parseMounts } from '../../../../main/monitor/proc/parse-mounts';
import { parseNetDev } from '../../../../main/monitor/proc/parse-net-dev';
import { busyPercent, parseStat } from '../../../../main/monitor/proc/parse-stat';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/proc/${name}`, import.meta.url), 'utf8');

describe('/proc parsers on snapshots of a real machine', () => {
  it('/proc/stat: the total line and one line per core', () => {
    const { total, cores } = parseStat(fixture('stat'));
    expect(total).toMatchObject({ cpu: 'cpu', user: 122866, nice: 808, system: 37496, idle: 287103, iowait: 1150, softirq: 1696 });
    expect(cores.map((c) => c.cpu)).toEqual(['cpu0', 'cpu1']);
  });

  it('/proc/stat: fewer columns (old kernels) read as 0, more are ignored, and nothing after the cpu lines is read', () => {
    const { total, cores } = parseStat('cpu  10 20 30 40 50 60 70 80 90 100\ncpu0 1 2 3 4\ncpu1 5 6 7 8 9 10 11 12\nintr 7 0 0 3\nctxt 99\n');
    expect(total).toEqual({ cpu: 'cpu', user: 10, nice: 20, system: 30, idle: 40, iowait: 50, irq: 60, softirq: 70, steal: 80 });
    expect(cores).toEqual([
      { cpu: 'cpu0', user: 1, nice: 2, system: 3, idle: 4, iowait: 0, irq: 0, softirq: 0, steal: 0 },
      { cpu: 'cpu1', user: 5, nice: 6, system: 7, idle: 8, iowait: 9, irq: 10, softirq: 11, steal: 12 },
    ]);
    expect(() => parseStat('intr 1 2\nctxt 3\n')).toThrow('/proc/stat has no cpu line');
  });

  it('busy share counts idle and iowait as idle', () => {
    const before = { cpu: 'cpu', user: 100, nice: 0, system: 100, idle: 700, iowait: 100, irq: 0, softirq: 0, steal: 0 };
    const after = { ...before, user: 160, system: 120, idle: 800, iowait: 120 };
    expect(busyPercent(before, after)).toBeCloseTo(40, 10); // 80 busy of 200
    expect(busyPercent(after, after)).toBe(0);
  });

  it('/proc/meminfo: bytes, with MemAvailable as available', () => {
    const mem = parseMeminfo(fixture('meminfo'));
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(fixture('meminfo'))![1]) * 1024;
    expect(mem).toEqual({ totalBytes: kb('MemTotal'), availableBytes: kb('MemAvailable'), swapTotalBytes: kb('SwapTotal'), swapFreeBytes: kb('SwapFree') });
  });

  it('/proc/meminfo without MemAvailable (old kernels) estimates it', () => {
    const mem = parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n');
    expect(mem.availableBytes).toBe(400 * 1024);
  });

  it('/proc/meminfo: whole field names only (SwapCached is not Cached), the last line without its newline too', () => {
    const mem = parseMeminfo('MemTotal:  1000 kB\nSwapCached: 7 kB\nCached: 250 kB\nActive(anon): 3 kB\nMemFree: 100 kB');
    expect(mem.availableBytes).toBe(350 * 1024);
    expect(parseMeminfo('MemTotal: 1000 kB\nMemAvailable: 600 kB').availableBytes).toBe(600 * 1024);
    expect(() => parseMeminfo('MemTotalish: 5 kB\n')).toThrow(/no MemTotal/);
  });

  it('/proc/net/dev: receive and transmit bytes per interface', () => {
    const net = parseNetDev(fixture('net-dev'));
    expect(net.get('eth0')).toEqual({ rxBytes: 683895664, txBytes: 2201246 });
    expect(net.get('lo')).toEqual({ rxBytes: 52469793, txBytes: 52469793 });
  });

  it('/proc/diskstats: bytes from sectors, and only whole physical disks count', () => {
    const disks = parseDiskstats(fixture('diskstats'));
    const line = fixture('diskstats').split('\n').find((l) => / vda /.test(l))!.trim().split(/\s+/);
    expect(disks.get('vda')).toEqual({ readBytes: Number(line[5]) * 512, writtenBytes: Number(line[9]) * 512 });
    const whole = new Set(['vda', 'loop0', 'zram0', 'nvme0n1']);
    expect(['vda', 'loop0', 'zram0', 'nvme0n1', 'nvme0n1p1'].filter((d) => isPhysicalDisk(d, whole))).toEqual(['vda', 'nvme0n1']);
  });

  // The fields are found by scanning, not splitting: runs of spaces and tabs, short lines, blank lines and no final line break.
  it('/proc/net/dev and /proc/diskstats: any run of blanks between fields, lines too short to hold the counters left out', () => {
    const net = parseNetDev('Inter-|   Receive\n face |bytes\n  eth1:\t1 2 3 4 5 6 7 8   9 10\n short: 1 2 3\nnocolon 1 2 3 4 5 6 7 8 9\n\n wlan0: 11 0 0 0 0 0 0 0 12');
    expect([...net]).toEqual([
      ['eth1', { rxBytes: 1, txBytes: 9 }],
      ['wlan0', { rxBytes: 11, txBytes: 12 }],
    ]);
    const disks = parseDiskstats('   8   0 sda 1 2 3 4 5 6 7 8 9 10\n\n 8 1 sda1 1 2\n259 0\tnvme0n1  10 0 20 0 30 0 40');
    expect([...disks]).toEqual([
      ['sda', { readBytes: 3 * 512, writtenBytes: 7 * 512 }],
      ['nvme0n1', { readBytes: 20 * 512, writtenBytes: 40 * 512 }],
    ]);
  });

  it('/proc/loadavg', () => {
    expect(parseLoadavg('0.52 0.58 0.59 2/345 12345\n')).toEqual({ one: 0.52, five: 0.58, fifteen: 0.59 });
    expect(() => parseLoadavg('garbage')).toThrow();
  });

  it('/proc/self/mounts: real filesystems only, once each', () => {
    expect(parseMounts(fixture('self-mounts'))).toEqual([{ device: '/dev/vda', mount: '/', fstype: 'ext4' }]);
    const text = [
      '/dev/nvme0n1p2 / ext4 rw 0 0',
      '/dev/nvme1n1 /data\\040sets xfs rw 0 0',
      '/dev/loop3 /snap/core/123 squashfs ro 0 0',
      'overlay /var/lib/docker/overlay2/abc/merged overlay rw 0 0',
      'tmpfs /run tmpfs rw 0 0',
      '/dev/nvme0n1p2 / ext4 rw 0 0',
    ].join('\n');
    expect(parseMounts(text).map((m) => m.mount)).toEqual(['/', '/data sets']);
  });
});

describe('counterRate', () => {
  it('divides the increase by the seconds between readings', () => {
    expect(counterRate(1000, 3000, 2)).toBe(1000);
  });
  it('handles a 32-bit counter that wrapped', () => {
    expect(counterRate(2 ** 32 - 100, 400, 1)).toBe(500);
  });
  it('gives no rate across a reset of a 64-bit counter, or without time', () => {
    expect(counterRate(2 ** 40, 5000, 1)).toBeNull();
    expect(counterRate(1, 2, 0)).toBeNull();
  });
});
