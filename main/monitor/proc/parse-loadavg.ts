export function parseLoadavg(text: string): { one: number; five: number; fifteen: number } {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  if ([one, five, fifteen].some((v) => v === undefined || Number.isNaN(v))) throw new Error('/proc/loadavg is malformed');
  return { one: one!, five: five!, fifteen: fifteen! };
}
