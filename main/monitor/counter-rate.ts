/**
 * Per-second rate of a monotonically increasing counter between two readings. A counter that went
 * down wrapped at 32 bits (older kernels' network counters) when the previous value fit in 32
 * bits, else was reset (a driver reload, a reboot): then there is no rate for this interval.
 */
const wrap32 = 2 ** 32;

export function counterRate(previous: number, current: number, seconds: number): number | null {
  if (!(seconds > 0)) return null;
  if (current >= previous) return (current - previous) / seconds;
  if (previous < wrap32 && current < wrap32) return (current + wrap32 - previous) / seconds;
  return null;
}
