export interface MemInfo {
  totalBytes: number;
  availableBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
}

const wanted = new Set(['MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'SwapTotal', 'SwapFree']);

/** /proc/meminfo; MemAvailable is the kernel's estimate of memory usable without swapping. */
export function parseMeminfo(text: string): MemInfo {
  // Read every second: only the fields used are parsed, without a regular expression per line, and
  // the reading stops once they are all in (the first 16 of 50-odd lines on current kernels).
  const kb = new Map<string, number>();
  for (let start = 0; start < text.length && kb.size < wanted.size; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < end) {
      const key = text.slice(start, colon);
      if (wanted.has(key)) {
        const value = parseInt(text.slice(colon + 1, end), 10);
        if (Number.isFinite(value)) kb.set(key, value * 1024);
      }
    }
    start = end + 1;
  }
  const total = kb.get('MemTotal');
  if (total === undefined) throw new Error('/proc/meminfo has no MemTotal');
  // Kernels before 3.14 have no MemAvailable; free + buffers + cache is the classic estimate.
  const available = kb.get('MemAvailable') ?? (kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0);
  return { totalBytes: total, availableBytes: available, swapTotalBytes: kb.get('SwapTotal') ?? 0, swapFreeBytes: kb.get('SwapFree') ?? 0 };
}

/**
 * Every /proc/meminfo field as node_exporter names it: `Active(anon)` becomes `Active_anon`, fields
 * in kB become bytes with a `_bytes` suffix, counts (HugePages_Total, …) stay as they are.
 */
export function parseMeminfoFields(text: string): [name: string, value: number][] {
  const out: [string, number][] = [];
  for (const line of text.split('\n')) {
    const match = /^([\w()]+):\s+(\d+)(\s+kB)?\s*$/.exec(line);
    if (!match) continue;
    const name = match[1]!.replace(/\((\w+)\)/, '_$1');
    out.push(match[3] ? [`${name}_bytes`, Number(match[2]) * 1024] : [name, Number(match[2])]);
  }
  return out;
}
