export interface SoftnetCounters {
  cpu: number;
  processed: number;
  dropped: number;
  timesSqueezed: number;
  receivedRps: number;
  flowLimitCount: number;
}

/** /proc/net/softnet_stat: one line of hex counters per CPU; column 13, when present, is the CPU's number. */
export function parseSoftnet(text: string): SoftnetCounters[] {
  return text.trim().split('\n').filter(Boolean).map((line, index) => {
    const f = line.trim().split(/\s+/).map((h) => Number.parseInt(h, 16));
    if (f.length < 11 || f.some((v) => Number.isNaN(v))) throw new Error(`malformed softnet_stat line ${index + 1}`);
    return { cpu: f.length >= 13 ? f[12]! : index, processed: f[0]!, dropped: f[1]!, timesSqueezed: f[2]!, receivedRps: f[9]!, flowLimitCount: f[10]! };
  });
}
