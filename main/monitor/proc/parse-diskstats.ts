import { nextField } from './fields';

/** Bytes read and written per block device from /proc/diskstats (sectors are 512 bytes there). */
export function parseDiskstats(text: string): Map<string, { readBytes: number; writtenBytes: number }> {
  // Read every second, with a line per partition and loop device: the fields are found where they
  // stand, and only the three used become strings.
  const out = new Map<string, { readBytes: number; writtenBytes: number }>();
  const at = { start: 0, end: 0 };
  for (let start = 0; start < text.length; ) {
    let lineEnd = text.indexOf('\n', start);
    if (lineEnd < 0) lineEnd = text.length;
    let name = '';
    let read = 0;
    let field = 0;
    for (at.end = start; field < 10 && nextField(text, at, lineEnd); field++) {
      if (field === 2) name = text.slice(at.start, at.end);
      else if (field === 5) read = Number(text.slice(at.start, at.end));
      else if (field === 9) out.set(name, { readBytes: read * 512, writtenBytes: Number(text.slice(at.start, at.end)) * 512 });
    }
    start = lineEnd + 1;
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
