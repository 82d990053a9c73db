/**
 * /proc/net/netstat and /proc/net/snmp: pairs of lines, a header `Proto: Name Name …` then the values
 * `Proto: 1 2 …`. Returns `Proto_Name` → value, the names node_exporter's netstat collector uses.
 */
export function parseNetstat(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n').filter((l) => l.includes(':'));
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [proto, ...names] = lines[i]!.trim().split(/\s+/);
    const [valueProto, ...values] = lines[i + 1]!.trim().split(/\s+/);
    if (proto !== valueProto || names.length !== values.length) throw new Error(`malformed ${proto ?? ''} lines`);
    const prefix = proto!.slice(0, -1);
    names.forEach((name, k) => out.set(`${prefix}_${name}`, Number(values[k])));
  }
  return out;
}

/** /proc/net/snmp6: one `Name value` a line, where the name carries the protocol (`Udp6InDatagrams`). */
export function parseSnmp6(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(Ip6|Icmp6|Udp6|UdpLite6)(\w+)\s+(\d+)/.exec(line);
    if (match) out.set(`${match[1]}_${match[2]}`, Number(match[3]));
  }
  return out;
}
