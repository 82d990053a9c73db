/** Byte counters per interface from /proc/net/dev. */
export function parseNetDev(text: string): Map<string, { rxBytes: number; txBytes: number }> {
  const out = new Map<string, { rxBytes: number; txBytes: number }>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (fields.length >= 9) out.set(name, { rxBytes: fields[0]!, txBytes: fields[8]! });
  }
  return out;
}
