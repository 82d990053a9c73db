import { describe, expect, it } from 'vitest';
import { parseNetstat, parseSnmp6 } from '../../../../main/monitor/proc/parse-netstat';
import { parsePressure } from '../../../../main/monitor/proc/parse-pressure';
import { parseSoftnet } from '../../../../main/monitor/proc/parse-softnet';
import { parseMeminfoFields } from '../../../../main/monitor/proc/parse-meminfo';
import { readOnlyMountPoints } from '../../../../main/monitor/proc/parse-mounts';
import { parseUdpQueues } from '../../../../main/monitor/proc/parse-udp-queues';

describe('parsers for the files read on a scrape', () => {
  it('netstat pairs header and value lines, and refuses a pair that does not match', () => {
    const text = 'Tcp: RtoMin InSegs\nTcp: 200 42\nUdp: InErrors\nUdp: 3\n';
    expect([...parseNetstat(text)]).toEqual([['Tcp_RtoMin', 200], ['Tcp_InSegs', 42], ['Udp_InErrors', 3]]);
    expect(() => parseNetstat('Tcp: A B\nTcp: 1\n')).toThrow(/malformed Tcp/);
    expect([...parseSnmp6('Ip6InOctets 10\nUdp6InDatagrams 4\nUdpLite6InErrors 0\n')]).toEqual([['Ip6_InOctets', 10], ['Udp6_InDatagrams', 4], ['UdpLite6_InErrors', 0]]);
  });

  it('pressure reads the totals of both lines and refuses a file with neither', () => {
    expect(parsePressure('some avg10=0.00 avg60=0.00 avg300=0.00 total=15\n')).toEqual({ someMicros: 15, fullMicros: null });
    expect(() => parsePressure('garbage\n')).toThrow();
  });

  it('softnet takes the CPU number from column 13 when the kernel prints it, else the line', () => {
    const zeros = (n: number) => Array(n).fill('00000000');
    const newer = ['0000000a', '00000001', ...zeros(10), '00000003'].join(' ');
    const older = ['0000000b', ...zeros(10)].join(' ');
    expect(parseSoftnet(`${newer}\n`)[0]).toMatchObject({ cpu: 3, processed: 10, dropped: 1 });
    expect(parseSoftnet(`${older}\n${older}\n`).map((c) => c.cpu)).toEqual([0, 1]);
    expect(() => parseSoftnet('zz\n')).toThrow(/softnet_stat line 1/);
  });

  it('meminfo names as node_exporter: parentheses to underscores, kB to bytes, counts unchanged', () => {
    expect(parseMeminfoFields('Active(file):  4 kB\nHugePages_Total:   2\nbogus\n')).toEqual([['Active_file_bytes', 4096], ['HugePages_Total', 2]]);
  });

  it('UDP queues are summed over the sockets, and a malformed line is refused', () => {
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
    const socket = (queues: string) => `   1: 00000000:0044 00000000:0000 07 ${queues} 00:00000000 00000000     0        0 20481\n`;
    expect(parseUdpQueues(header + socket('00000010:00000001') + socket('00000001:00000002'))).toEqual({ tx: 17, rx: 3 });
    expect(parseUdpQueues(header)).toEqual({ tx: 0, rx: 0 });
    expect(() => parseUdpQueues(header + socket('zz:00'))).toThrow(/malformed UDP/);
  });

  it('read-only mounts, with octal escapes decoded', () => {
    expect([...readOnlyMountPoints('/dev/sdb1 /media/my\\040disk ext4 ro,relatime 0 0\n/dev/sda1 / ext4 rw 0 0\n')]).toEqual(['/media/my disk']);
  });
});
