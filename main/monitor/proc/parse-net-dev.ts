import { nextField } from './fields';

/** Byte counters per interface from /proc/net/dev. */
export function parseNetDev(text: string): Map<string, { rxBytes: number; txBytes: number }> {
  // Read every second, with a line per container's interface: the fields are found where they
  // stand, and only the name and the two counters used become strings.
  const out = new Map<string, { rxBytes: number; txBytes: number }>();
  const at = { start: 0, end: 0 };
  let start = text.indexOf('\n', text.indexOf('\n') + 1) + 1; // past the two header lines
  if (start === 0) return out;
  while (start < text.length) {
    let lineEnd = text.indexOf('\n', start);
    if (lineEnd < 0) lineEnd = text.length;
    const colon = text.indexOf(':', start);
    if (colon >= 0 && colon < lineEnd) {
      let rx = 0;
      let field = 0;
      for (at.end = colon + 1; field < 9 && nextField(text, at, lineEnd); field++) {
        if (field === 0) rx = Number(text.slice(at.start, at.end));
        else if (field === 8) out.set(text.slice(start, colon).trim(), { rxBytes: rx, txBytes: Number(text.slice(at.start, at.end)) });
      }
    }
    start = lineEnd + 1;
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
