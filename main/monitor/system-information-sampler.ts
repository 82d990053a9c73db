import { systemInformation } from './system-information';
import type { SystemReading, SystemSampler } from './system-reading';

/**
 * The portable path for macOS and Windows, through systeminformation: the same shape as the Linux
 * sampler, at a much higher cost per sample (see bench/monitor).
 */
export class SystemInformationSampler implements SystemSampler {
  async read(): Promise<SystemReading> {
    const failures = new Map<string, string>();
    const attempt = async <T>(name: string, work: () => Promise<T>): Promise<T | null> => {
      try {
        return await work();
      } catch (error) {
        failures.set(name, (error as Error).message);
        return null;
      }
    };
    const [load, mem, fs, net, io] = await Promise.all([
      attempt('cpu', async () => (await systemInformation()).currentLoad()),
      attempt('memory', async () => (await systemInformation()).mem()),
      attempt('filesystems', async () => (await systemInformation()).fsSize()),
      attempt('network', async () => (await systemInformation()).networkStats('*')),
      attempt('diskio', async () => (await systemInformation()).fsStats()),
    ]);
    const perSecond = (v: number | null | undefined) => (v === null || v === undefined || v < 0 ? null : v);
    return {
      cpu: { total: load?.currentLoad ?? 0, perCore: load?.cpus.map((c) => c.load) ?? [], load: null },
      memory: {
        totalBytes: mem?.total ?? 0,
        usedBytes: mem ? mem.total - mem.available : 0,
        swapTotalBytes: mem?.swaptotal ?? 0,
        swapUsedBytes: mem?.swapused ?? 0,
      },
      disks: (fs ?? []).map((f) => ({
        mount: f.mount,
        device: f.fs,
        fstype: f.type,
        sizeBytes: f.size,
        usedBytes: f.used,
        availableBytes: f.available,
        usedPercent: f.use,
      })),
      diskIo: io ? [{ device: 'all', readBytesPerSecond: perSecond(io.rx_sec), writeBytesPerSecond: perSecond(io.wx_sec) }] : [],
      network: (net ?? []).map((n) => ({ interface: n.iface, rxBytesPerSecond: perSecond(n.rx_sec), txBytesPerSecond: perSecond(n.tx_sec) })),
      counters: {
        cpu: [],
        memory: mem ? { totalBytes: mem.total, availableBytes: mem.available } : null,
        disks: new Map(),
        network: new Map((net ?? []).map((n) => [n.iface, { rxBytes: n.rx_bytes, txBytes: n.tx_bytes }])),
      },
      failures,
    };
  }
}
