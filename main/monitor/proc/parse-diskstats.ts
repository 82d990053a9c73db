/** Bytes read and written per block device from /proc/diskstats (sectors are 512 bytes there). */
export function parseDiskstats(text: string): Map<string, { readBytes: number; writtenBytes: number }> {
  const out = new Map<string, { readBytes: number; writtenBytes: number }>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    out.set(f[2]!, { readBytes: Number(f[5]) * 512, writtenBytes: Number(f[9]) * 512 });
  }
  return out;
}

/** Whole physical disks only: no partitions, loop, ram, zram or device-mapper stacking. */
export function isPhysicalDisk(name: string, wholeDisks: ReadonlySet<string>): boolean {
  return wholeDisks.has(name) && !/^(loop|ram|zram|dm-|md|sr|fd)/.test(name);
}

/** Every counter of each /proc/diskstats line after the device name (11 to 17 of them, by kernel version). */
export function parseDiskstatsFields(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    out.set(f[2]!, f.slice(3).map(Number));
  }
  return out;
}
