/** /proc/schedstat per CPU: nanoseconds running and waiting, and timeslices run (its last three fields). */
export function parseSchedstat(text: string): { cpu: string; runningNs: number; waitingNs: number; timeslices: number }[] {
  const out = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (!/^cpu\d+$/.test(f[0] ?? '') || f.length < 10) continue;
    out.push({ cpu: f[0]!.slice(3), runningNs: Number(f[7]), waitingNs: Number(f[8]), timeslices: Number(f[9]) });
  }
  return out;
}
