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

/** The 16 counters per interface of /proc/net/dev: 8 receive then 8 transmit, in the header's order. */
export function parseNetDevFields(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (fields.length >= 16) out.set(line.slice(0, colon).trim(), fields.slice(0, 16));
  }
  return out;
}
