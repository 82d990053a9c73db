/** Lines of `name value` (/proc/vmstat) or `name: value` pairs, as numbers; other lines are skipped. */
export function parseKeyValue(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([\w()]+):?\s+(-?\d+)\b/.exec(line);
    if (match) out.set(match[1]!, Number(match[2]));
  }
  return out;
}
