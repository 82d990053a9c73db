/** /proc/net/arp: entries per device (its last column), header line skipped. */
export function parseArp(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    out.set(f[5]!, (out.get(f[5]!) ?? 0) + 1);
  }
  return out;
}
