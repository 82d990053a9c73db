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

/**
 * The Linux fast path: a handful of /proc files and one statfs per mount, read asynchronously,
 * about a millisecond per sample. Rates come from the previous reading of the same counters.
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
    await Promise.all(Object.values(this.files).map((f) => f.close()));
  }

  async read(): Promise<SystemReading> {
    const at = this.now();
    const failures = new Map<string, string>();
    const attempt = async <T>(name: string, work: () => Promise<T>): Promise<T | null> => {
      try {
        return await withTimeout(work(), collectorTimeoutMs, name);
      } catch (error) {
        failures.set(name, (error as Error).message);
        return null;
      }
    };
    const procText: ProcTexts = {};
    const text = async (name: keyof ProcTexts) => (procText[name] = await this.files[name].read());
    const [stat, mem, load, net, disks, mounts] = await Promise.all([
      attempt('cpu', async () => parseStat(await text('stat'))),
      attempt('memory', async () => parseMeminfo(await text('meminfo'))),
      attempt('load', async () => parseLoadavg(await text('loadavg'))),
      attempt('network', async () => parseNetDev(await text('netDev'))),
      attempt('diskio', async () => parseDiskstats(await text('diskstats'))),
      attempt('filesystems', () => this.filesystems(at)),
    ]);
    if (!this.wholeDisks) this.wholeDisks = await this.listWholeDisks();

    const prev = this.previous;
    const seconds = prev ? (at - prev.at) / 1000 : 0;
    const cores = stat?.cores ?? [];
    const cpu = {
      total: stat && prev?.cpu[0] ? busyPercent(prev.cpu[0], stat.total) : 0,
      perCore: cores.map((core, i) => (prev?.cpu[i + 1] ? busyPercent(prev.cpu[i + 1]!, core) : 0)),
      load,
    };
    const diskIo = disks
      ? [...disks].filter(([name]) => isPhysicalDisk(name, this.wholeDisks!)).map(([device, now]) => {
          const before = prev?.disks.get(device);
          return {
            device,
            readBytesPerSecond: before ? counterRate(before.readBytes, now.readBytes, seconds) : null,
            writeBytesPerSecond: before ? counterRate(before.writtenBytes, now.writtenBytes, seconds) : null,
          };
        })
      : [];
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
        disks: disks ? new Map([...disks].filter(([name]) => isPhysicalDisk(name, this.wholeDisks!))) : new Map(),
        network: net ?? new Map(),
        procText,
      },
      failures,
    };
  }

  /** Usage of every real filesystem; the mount table itself is re-read at most every 10 s. */
  private async filesystems(at: number) {
    if (!this.mountsCache || at - this.mountsCache.at > 10_000) {
      this.mountsCache = { at, mounts: parseMounts(await this.files.mounts.read()) };
    }
    const usage = await Promise.all(
      this.mountsCache.mounts.map(async (m) => {
        try {
          const s = await statfs(m.mount);
          const size = s.blocks * s.bsize;
          const used = (s.blocks - s.bfree) * s.bsize;
          const available = s.bavail * s.bsize;
          // As df: used against what users can reach (used + available), not the raw size.
          return { ...m, sizeBytes: size, usedBytes: used, availableBytes: available, usedPercent: used + available > 0 ? (100 * used) / (used + available) : 0 };
        } catch {
          return null; // unmounted since the table was read, or not ours to read
        }
      }),
    );
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
