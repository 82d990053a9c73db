import { statfsSync, type StatsFs } from 'node:fs';
import { readdir, statfs } from 'node:fs/promises';
import { counterRate } from './counter-rate';
import { isPhysicalDisk, parseDiskstats } from './proc/parse-diskstats';
import { parseLoadavg } from './proc/parse-loadavg';
import { parseMeminfo } from './proc/parse-meminfo';
import { parseMounts, type Mount } from './proc/parse-mounts';
import { parseNetDev } from './proc/parse-net-dev';
import { ProcFile } from './proc/proc-file';
import { busyPercent, parseStat, type CpuCounters } from './proc/parse-stat';
import type { ProcTexts, SystemReading, SystemSampler } from './system-reading';
import { withTimeout } from './with-timeout';

const collectorTimeoutMs = 500;

/** Filesystems on local block devices, whose statfs never waits on a network or a user-space daemon. */
const localTypes = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'bcachefs', 'jfs', 'reiserfs', 'nilfs2', 'vfat', 'msdos', 'exfat', 'ntfs', 'ntfs3', 'hfsplus']);

type MountUsage = SystemReading['disks'][number];

function mountUsage(m: Mount, s: StatsFs): MountUsage {
  const size = s.blocks * s.bsize;
  const used = (s.blocks - s.bfree) * s.bsize;
  const available = s.bavail * s.bsize;
  // As df: used against what users can reach (used + available), not the raw size.
  // Fields named rather than spread: an object spread costs more than the statfs call, every second.
  return { device: m.device, mount: m.mount, fstype: m.fstype, sizeBytes: size, usedBytes: used, availableBytes: available, usedPercent: used + available > 0 ? (100 * used) / (used + available) : 0 };
}

/**
 * The Linux fast path: a handful of /proc files and one statfs per mount, tens of microseconds per
 * sample. Rates come from the previous reading of the same counters.
 */
export class LinuxSampler implements SystemSampler {
  private previous: { at: number; cpu: CpuCounters[]; disks: Map<string, { readBytes: number; writtenBytes: number }>; net: Map<string, { rxBytes: number; txBytes: number }> } | null = null;
  private wholeDisks: Set<string> | null = null;
  private mountsCache: { at: number; mounts: Mount[] } | null = null;

  private readonly files: Record<'stat' | 'meminfo' | 'loadavg' | 'netDev' | 'diskstats' | 'mounts', ProcFile>;

  constructor(
    proc = '/proc',
    private readonly now: () => number = Date.now,
  ) {
    this.files = {
      stat: new ProcFile(`${proc}/stat`),
      meminfo: new ProcFile(`${proc}/meminfo`),
      loadavg: new ProcFile(`${proc}/loadavg`),
      netDev: new ProcFile(`${proc}/net/dev`),
      diskstats: new ProcFile(`${proc}/diskstats`),
      mounts: new ProcFile(`${proc}/self/mounts`),
    };
  }

  async close(): Promise<void> {
    for (const file of Object.values(this.files)) file.close();
  }

  async read(): Promise<SystemReading> {
    const at = this.now();
    const failures = new Map<string, string>();
    const procText: ProcTexts = {};
    // /proc reads are synchronous (see ProcFile): a collector fails by throwing, never by hanging.
    const collect = <T>(name: string, file: keyof ProcTexts, parse: (text: string) => T): T | null => {
      try {
        return parse((procText[file] = this.files[file].read()));
      } catch (error) {
        failures.set(name, (error as Error).message);
        return null;
      }
    };
    const stat = collect('cpu', 'stat', parseStat);
    const mem = collect('memory', 'meminfo', parseMeminfo);
    const load = collect('load', 'loadavg', parseLoadavg);
    const net = collect('network', 'netDev', parseNetDev);
    const disks = collect('diskio', 'diskstats', parseDiskstats);
    let mounts: MountUsage[] | null = null;
    try {
      mounts = await this.filesystems(at);
    } catch (error) {
      failures.set('filesystems', (error as Error).message);
    }
    if (!this.wholeDisks) this.wholeDisks = await this.listWholeDisks();

    const prev = this.previous;
    const seconds = prev ? (at - prev.at) / 1000 : 0;
    const cores = stat?.cores ?? [];
    const cpu = {
      total: stat && prev?.cpu[0] ? busyPercent(prev.cpu[0], stat.total) : 0,
      perCore: cores.map((core, i) => (prev?.cpu[i + 1] ? busyPercent(prev.cpu[i + 1]!, core) : 0)),
      load,
    };
    const physical = disks ? [...disks].filter(([name]) => isPhysicalDisk(name, this.wholeDisks!)) : [];
    const diskIo = physical.map(([device, now]) => {
      const before = prev?.disks.get(device);
      return {
        device,
        readBytesPerSecond: before ? counterRate(before.readBytes, now.readBytes, seconds) : null,
        writeBytesPerSecond: before ? counterRate(before.writtenBytes, now.writtenBytes, seconds) : null,
      };
    });
    const network = net
      ? [...net].filter(([name]) => name !== 'lo').map(([name, now]) => {
          const before = prev?.net.get(name);
          return {
            interface: name,
            rxBytesPerSecond: before ? counterRate(before.rxBytes, now.rxBytes, seconds) : null,
            txBytesPerSecond: before ? counterRate(before.txBytes, now.txBytes, seconds) : null,
          };
        })
      : [];
    if (stat) this.previous = { at, cpu: [stat.total, ...cores], disks: disks ?? new Map(), net: net ?? new Map() };

    return {
      cpu,
      memory: {
        totalBytes: mem?.totalBytes ?? 0,
        usedBytes: mem ? mem.totalBytes - mem.availableBytes : 0,
        swapTotalBytes: mem?.swapTotalBytes ?? 0,
        swapUsedBytes: mem ? mem.swapTotalBytes - mem.swapFreeBytes : 0,
      },
      disks: mounts ?? [],
      diskIo,
      network,
      counters: {
        cpu: stat ? [stat.total, ...cores] : [],
        memory: mem ? { totalBytes: mem.totalBytes, availableBytes: mem.availableBytes } : null,
        disks: new Map(physical),
        network: net ?? new Map(),
        procText,
      },
      failures,
    };
  }

  /**
   * Usage of every real filesystem; the mount table itself is re-read at most every 10 s. Local
   * filesystems answer statfs from memory, so they are asked synchronously; a network or FUSE mount
   * may hang, so it is asked on the thread pool, and the collector fails after 500 ms.
   */
  private async filesystems(at: number): Promise<MountUsage[]> {
    if (!this.mountsCache || at - this.mountsCache.at > 10_000) {
      this.mountsCache = { at, mounts: parseMounts(this.files.mounts.read()) };
    }
    const mounts = this.mountsCache.mounts;
    const usage: (MountUsage | null)[] = new Array(mounts.length).fill(null);
    const remote: Promise<void>[] = [];
    mounts.forEach((m, i) => {
      if (!localTypes.has(m.fstype)) {
        remote.push(statfs(m.mount).then((s) => void (usage[i] = mountUsage(m, s)), () => {}));
        return;
      }
      try {
        usage[i] = mountUsage(m, statfsSync(m.mount));
      } catch {
        // unmounted since the table was read, or not ours to read
      }
    });
    if (remote.length > 0) await withTimeout(Promise.all(remote), collectorTimeoutMs, 'filesystems');
    return usage.filter((u) => u !== null);
  }

  private async listWholeDisks(): Promise<Set<string>> {
    try {
      return new Set(await readdir('/sys/block'));
    } catch {
      return new Set();
    }
  }
}
