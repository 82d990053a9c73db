/** /proc/net/udp or udp6: the tx and rx queue bytes of every socket, summed (field 5 is `tx:rx` in hex). */
export function parseUdpQueues(text: string): { tx: number; rx: number } {
  let tx = 0;
  let rx = 0;
  for (const line of text.split('\n').slice(1)) {
    const queues = line.trim().split(/\s+/)[4];
    if (!queues?.includes(':')) continue;
    const [t, r] = queues.split(':').map((h) => Number.parseInt(h, 16));
    if (Number.isNaN(t) || Number.isNaN(r)) throw new Error(`malformed UDP socket line: ${line.trim()}`);
    tx += t!;
    rx += r!;
  }
  return { tx, rx };
}
