/** One /proc/pressure/<resource> file: total stall microseconds of the "some" and "full" lines. */
export function parsePressure(text: string): { someMicros: number | null; fullMicros: number | null } {
  const total = (kind: string) => {
    const match = new RegExp(`^${kind} .*\\btotal=(\\d+)`, 'm').exec(text);
    return match ? Number(match[1]) : null;
  };
  const out = { someMicros: total('some'), fullMicros: total('full') };
  if (out.someMicros === null && out.fullMicros === null) throw new Error('pressure file has no "some" or "full" line');
  return out;
}
