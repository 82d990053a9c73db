/** /proc/net/sockstat: `PROTO: key value key value …` lines as protocol → key → value. */
export function parseSockstat(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const words = line.slice(colon + 1).trim().split(/\s+/);
    const values = new Map<string, number>();
    for (let i = 0; i + 1 < words.length; i += 2) {
      const value = Number(words[i + 1]);
      if (Number.isFinite(value)) values.set(words[i]!, value);
    }
    out.set(line.slice(0, colon), values);
  }
  return out;
}
