import { readdir, readFile, statfs } from 'node:fs/promises';
import { hostname, machine, release, type, version } from 'node:os';
import { parseArp } from '../proc/parse-arp';
import { parseDiskstatsFields } from '../proc/parse-diskstats';
import { parseKeyValue } from '../proc/parse-key-value';
import { parseLoadavg } from '../proc/parse-loadavg';
import { parseMeminfoFields } from '../proc/parse-meminfo';
import { parseMounts, readOnlyMountPoints } from '../proc/parse-mounts';
import { parseNetDevFields } from '../proc/parse-net-dev';
import { parseNetstat, parseSnmp6 } from '../proc/parse-netstat';
import { parsePressure } from '../proc/parse-pressure';
import { parseSchedstat } from '../proc/parse-schedstat';
import { parseSockstat } from '../proc/parse-sockstat';
import { parseSoftnet } from '../proc/parse-softnet';
import { parseUdpQueues } from '../proc/parse-udp-queues';
import { cpuModes, parseKernelStat, parseStat } from '../proc/parse-stat';
import type { ProcTexts } from '../system-reading';
import { withTimeout } from '../with-timeout';
import { collectHwmon } from './hwmon';
import { MetricFamilies, type MetricRow } from './metric-families';


export interface NodeExporterOptions {
  proc?: string;
  sys?: string;
  now?: () => number;
}

const userHz = 100;
const sectorBytes = 512;
const statfsTimeoutMs = 1000;
/** node_exporter's default --collector.diskstats.device-exclude: partitions, loop, ram and floppy devices. */
const excludedDisks = /^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/;
/** node_exporter's default --collector.vmstat.fields. */
const vmstatFields = /^(oom_kill|pgpg|pswp|pg.*fault).*/;
/** node_exporter's default --collector.netstat.fields. */
const netstatFields =
  /^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts|TCPOFOQueue|TCPRcvQDrop)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$/;

const diskCounters: [field: number, name: string, scale: number, help: string][] = [
  [0, 'node_disk_reads_completed_total', 1, 'The total number of reads completed successfully.'],
  [1, 'node_disk_reads_merged_total', 1, 'The total number of reads merged.'],
  [2, 'node_disk_read_bytes_total', sectorBytes, 'The total number of bytes read successfully.'],
  [3, 'node_disk_read_time_seconds_total', 0.001, 'The total number of seconds spent by all reads.'],
  [4, 'node_disk_writes_completed_total', 1, 'The total number of writes completed successfully.'],
  [5, 'node_disk_writes_merged_total', 1, 'The number of writes merged.'],
  [6, 'node_disk_written_bytes_total', sectorBytes, 'The total number of bytes written successfully.'],
  [7, 'node_disk_write_time_seconds_total', 0.001, 'This is the total number of seconds spent by all writes.'],
  [9, 'node_disk_io_time_seconds_total', 0.001, 'Total seconds spent doing I/Os.'],
  [10, 'node_disk_io_time_weighted_seconds_total', 0.001, 'The weighted # of seconds spent doing I/Os.'],
  [11, 'node_disk_discards_completed_total', 1, 'The total number of discards completed successfully.'],
  [12, 'node_disk_discards_merged_total', 1, 'The total number of discards merged.'],
  [13, 'node_disk_discarded_sectors_total', 1, 'The total number of sectors discarded successfully.'],
  [14, 'node_disk_discard_time_seconds_total', 0.001, 'This is the total number of seconds spent by all discards.'],
  [15, 'node_disk_flush_requests_total', 1, 'The total number of flush requests completed successfully'],
  [16, 'node_disk_flush_requests_time_seconds_total', 0.001, 'This is the total number of seconds spent by all flush requests.'],
];

const netDevFields = [
  'receive_bytes', 'receive_packets', 'receive_errs', 'receive_drop', 'receive_fifo', 'receive_frame', 'receive_compressed', 'receive_multicast',
  'transmit_bytes', 'transmit_packets', 'transmit_errs', 'transmit_drop', 'transmit_fifo', 'transmit_colls', 'transmit_carrier', 'transmit_compressed',
];

/** The pressure files and which of their lines node_exporter exposes under which name. */
const pressureNames: [resource: string, line: 'some' | 'full', name: string, help: string][] = [
  ['cpu', 'some', 'node_pressure_cpu_waiting_seconds_total', 'Total time in seconds that processes have waited for CPU time'],
  ['cpu', 'full', 'node_pressure_cpu_stalled_seconds_total', 'Total time in seconds no process could make progress'],
  ['io', 'some', 'node_pressure_io_waiting_seconds_total', 'Total time in seconds that processes have waited due to IO congestion'],
  ['io', 'full', 'node_pressure_io_stalled_seconds_total', 'Total time in seconds no process could make progress due to IO congestion'],
  ['memory', 'some', 'node_pressure_memory_waiting_seconds_total', 'Total time in seconds that processes have waited for memory'],
  ['memory', 'full', 'node_pressure_memory_stalled_seconds_total', 'Total time in seconds no process could make progress due to memory congestion'],
  ['irq', 'full', 'node_pressure_irq_stalled_seconds_total', 'Total time in seconds no process could make progress due to IRQ congestion'],
];

type Collector = (out: MetricFamilies) => Promise<void>;

/**
 * node_exporter's default Linux collectors, under its metric names, labels, units and types, read
 * from /proc and /sys when Prometheus scrapes (the files the monitor reads every second are reused
 * from its last reading). Each collector's duration and success are reported as node_exporter
 * does: one that finds nothing on this machine (no PSI, no conntrack) reports success 0 and the
 * others still report.
 */
export class NodeExporter {
  private readonly proc: string;
  private readonly sys: string;
  private readonly now: () => number;
  private pageBytes: number | null = null;

  constructor(options: NodeExporterOptions = {}) {
    this.proc = options.proc ?? '/proc';
    this.sys = options.sys ?? '/sys';
    this.now = options.now ?? Date.now;
  }

  async render(texts: ProcTexts): Promise<string> {
    const collectors: [string, Collector][] = [
      ['cpu', (o) => this.cpu(o, texts)],
      ['meminfo', (o) => this.meminfo(o, texts)],
      ['stat', (o) => this.stat(o, texts)],
      ['loadavg', (o) => this.loadavg(o, texts)],
      ['pressure', (o) => this.pressure(o)],
      ['vmstat', (o) => this.vmstat(o)],
      ['diskstats', (o) => this.diskstats(o, texts)],
      ['netdev', (o) => this.netdev(o, texts)],
      ['netclass', (o) => this.netclass(o)],
      ['filesystem', (o) => this.filesystem(o)],
      ['filefd', (o) => this.filefd(o)],
      ['entropy', (o) => this.entropy(o)],
      ['sockstat', (o) => this.sockstat(o)],
      ['netstat', (o) => this.netstat(o)],
      ['softnet', (o) => this.softnet(o)],
      ['udp_queues', (o) => this.udpQueues(o)],
      ['schedstat', (o) => this.schedstat(o)],
      ['cpufreq', (o) => this.cpufreq(o)],
      ['thermal_zone', (o) => this.thermalZone(o)],
      ['hwmon', (o) => collectHwmon(this.sys, o)],
      ['arp', (o) => this.arp(o)],
      ['conntrack', (o) => this.conntrack(o)],
      ['time', async (o) => o.one('node_time_seconds', 'gauge', 'System time in seconds since epoch (1970).', this.now() / 1000)],
      ['uname', (o) => this.uname(o)],
    ];
    const results = await Promise.all(
      collectors.map(async ([name, collect]): Promise<[string, number, boolean, MetricFamilies]> => {
        const own = new MetricFamilies();
        const started = performance.now();
        let ok = true;
        try {
          await collect(own);
        } catch {
          ok = false; // a missing or unreadable file: that collector reports failure, the others still report
        }
        return [name, (performance.now() - started) / 1000, ok, own];
      }),
    );
    const scrape = new MetricFamilies();
    scrape.add('node_scrape_collector_duration_seconds', 'gauge', 'node_exporter: Duration of a collector scrape.', results.map(([name, seconds]) => [{ collector: name }, seconds]));
    scrape.add('node_scrape_collector_success', 'gauge', 'node_exporter: Whether a collector succeeded.', results.map(([name, , ok]) => [{ collector: name }, ok ? 1 : 0]));
    return results.map(([, , , own]) => own.text()).join('') + scrape.text();
  }

  private text(path: string): Promise<string> {
    return readFile(path, 'utf8');
  }

  private async cpu(out: MetricFamilies, texts: ProcTexts): Promise<void> {
    const text = texts.stat ?? (await this.text(`${this.proc}/stat`));
    const { cores } = parseStat(text);
    out.add('node_cpu_seconds_total', 'counter', 'Seconds the CPUs spent in each mode.',
      cores.flatMap((c) => cpuModes.map((mode): MetricRow => [{ cpu: c.cpu.slice(3), mode }, c[mode] / userHz])));
    out.add('node_cpu_guest_seconds_total', 'counter', 'Seconds the CPUs spent in guests (VMs) for each mode.',
      parseKernelStat(text).guest.flatMap((g): MetricRow[] => [[{ cpu: g.cpu, mode: 'nice' }, g.guestNice / userHz], [{ cpu: g.cpu, mode: 'user' }, g.guest / userHz]]));
  }

  private async meminfo(out: MetricFamilies, texts: ProcTexts): Promise<void> {
    const fields = parseMeminfoFields(texts.meminfo ?? (await this.text(`${this.proc}/meminfo`)));
    if (fields.length === 0) throw new Error('/proc/meminfo has no fields');
    for (const [name, value] of fields) out.one(`node_memory_${name}`, 'gauge', `Memory information field ${name}.`, value);
  }

  private async stat(out: MetricFamilies, texts: ProcTexts): Promise<void> {
    const stat = parseKernelStat(texts.stat ?? (await this.text(`${this.proc}/stat`)));
    out.one('node_intr_total', 'counter', 'Total number of interrupts serviced.', stat.interrupts);
    out.one('node_context_switches_total', 'counter', 'Total number of context switches.', stat.contextSwitches);
    out.one('node_forks_total', 'counter', 'Total number of forks.', stat.forks);
    out.one('node_boot_time_seconds', 'gauge', 'Node boot time, in unixtime.', stat.bootTimeSeconds);
    out.one('node_procs_running', 'gauge', 'Number of processes in runnable state.', stat.procsRunning);
    out.one('node_procs_blocked', 'gauge', 'Number of processes blocked waiting for I/O to complete.', stat.procsBlocked);
  }

  private async loadavg(out: MetricFamilies, texts: ProcTexts): Promise<void> {
    const load = parseLoadavg(texts.loadavg ?? (await this.text(`${this.proc}/loadavg`)));
    out.one('node_load1', 'gauge', '1m load average.', load.one);
    out.one('node_load5', 'gauge', '5m load average.', load.five);
    out.one('node_load15', 'gauge', '15m load average.', load.fifteen);
  }

  private async pressure(out: MetricFamilies): Promise<void> {
    const files = new Map<string, ReturnType<typeof parsePressure> | null>();
    await Promise.all(['cpu', 'io', 'memory', 'irq'].map(async (resource) => {
      files.set(resource, await this.text(`${this.proc}/pressure/${resource}`).then(parsePressure, () => null));
    }));
    if (!files.get('cpu')) throw new Error('no pressure stall information (a kernel without PSI)');
    for (const [resource, line, name, help] of pressureNames) {
      const micros = files.get(resource)?.[line === 'some' ? 'someMicros' : 'fullMicros'];
      out.one(name, 'counter', help, micros === null || micros === undefined ? null : micros / 1e6);
    }
  }

  private async vmstat(out: MetricFamilies): Promise<void> {
    for (const [name, value] of parseKeyValue(await this.text(`${this.proc}/vmstat`))) {
      if (vmstatFields.test(name)) out.one(`node_vmstat_${name}`, 'untyped', `/proc/vmstat information field ${name}.`, value);
    }
  }

  private async diskstats(out: MetricFamilies, texts: ProcTexts): Promise<void> {
    const disks = [...parseDiskstatsFields(texts.diskstats ?? (await this.text(`${this.proc}/diskstats`)))].filter(([device]) => !excludedDisks.test(device));
    for (const [field, name, scale, help] of diskCounters) {
      out.add(name, 'counter', help, disks.filter(([, f]) => f.length > field).map(([device, f]) => [{ device }, f[field]! * scale]));
      if (field === 7) out.add('node_disk_io_now', 'gauge', 'The number of I/Os currently in progress.', disks.map(([device, f]) => [{ device }, f[8]!]));
    }
  }

  private async netdev(out: MetricFamilies, texts: ProcTexts): Promise<void> {
    const devices = [...parseNetDevFields(texts.netDev ?? (await this.text(`${this.proc}/net/dev`)))];
    netDevFields.forEach((field, k) => {
      out.add(`node_network_${field}_total`, 'counter', `Network device statistic ${field}.`, devices.map(([device, f]) => [{ device }, f[k]!]));
    });
  }

  private async netclass(out: MetricFamilies): Promise<void> {
    const devices = (await readdir(`${this.sys}/class/net`)).sort();
    const read = (device: string, file: string) => this.text(`${this.sys}/class/net/${device}/${file}`).then((t) => t.trim(), () => null);
    const rows = await Promise.all(devices.map(async (device) => {
      const [operstate, carrier, mtu, speed, nohandler] = await Promise.all([
        read(device, 'operstate'), read(device, 'carrier'), read(device, 'mtu'), read(device, 'speed'), read(device, 'statistics/rx_nohandler'),
      ]);
      return { device, operstate, carrier, mtu, speed, nohandler };
    }));
    const numeric = (pick: (r: (typeof rows)[number]) => string | null, scale = 1): MetricRow[] =>
      rows.flatMap((r) => {
        const text = pick(r);
        const value = text === null ? NaN : Number(text);
        return Number.isFinite(value) && value >= 0 ? [[{ device: r.device }, value * scale]] : []; // speed is -1 when unknown
      });
    out.add('node_network_up', 'gauge', "Value is 1 if operstate is 'up', 0 otherwise.", rows.filter((r) => r.operstate !== null).map((r) => [{ device: r.device }, r.operstate === 'up' ? 1 : 0]));
    out.add('node_network_carrier', 'gauge', 'Network device property: carrier', numeric((r) => r.carrier));
    out.add('node_network_mtu_bytes', 'gauge', 'Network device property: mtu_bytes', numeric((r) => r.mtu));
    out.add('node_network_speed_bytes', 'gauge', 'Network device property: speed_bytes', numeric((r) => r.speed, 125_000));
    // The one counter node_exporter takes from netlink that /proc/net/dev lacks.
    out.add('node_network_receive_nohandler_total', 'counter', 'Network device statistic receive_nohandler.', numeric((r) => r.nohandler));
  }

  private async filesystem(out: MetricFamilies): Promise<void> {
    const text = await this.text(`${this.proc}/self/mounts`);
    const readOnly = readOnlyMountPoints(text);
    const mounts = await Promise.all(parseMounts(text).map(async (m) => {
      try {
        return { ...m, s: await withTimeout(statfs(m.mount), statfsTimeoutMs, `statfs ${m.mount}`) };
      } catch {
        return { ...m, s: null }; // unreachable (a hung network mount) or not ours to read
      }
    }));
    const labels = (m: (typeof mounts)[number]) => ({ device: m.device, fstype: m.fstype, mountpoint: m.mount });
    const ok = mounts.filter((m) => m.s !== null);
    out.add('node_filesystem_size_bytes', 'gauge', 'Filesystem size in bytes.', ok.map((m) => [labels(m), m.s!.blocks * m.s!.bsize]));
    out.add('node_filesystem_free_bytes', 'gauge', 'Filesystem free space in bytes.', ok.map((m) => [labels(m), m.s!.bfree * m.s!.bsize]));
    out.add('node_filesystem_avail_bytes', 'gauge', 'Filesystem space available to non-root users in bytes.', ok.map((m) => [labels(m), m.s!.bavail * m.s!.bsize]));
    out.add('node_filesystem_files', 'gauge', 'Filesystem total file nodes.', ok.map((m) => [labels(m), m.s!.files]));
    out.add('node_filesystem_files_free', 'gauge', 'Filesystem total free file nodes.', ok.map((m) => [labels(m), m.s!.ffree]));
    out.add('node_filesystem_readonly', 'gauge', 'Filesystem read-only status.', mounts.map((m) => [labels(m), readOnly.has(m.mount) ? 1 : 0]));
    out.add('node_filesystem_device_error', 'gauge', 'Whether an error occurred while getting statistics for the given device.', mounts.map((m) => [labels(m), m.s === null ? 1 : 0]));
  }

  private async filefd(out: MetricFamilies): Promise<void> {
    const [allocated, , maximum] = (await this.text(`${this.proc}/sys/fs/file-nr`)).trim().split(/\s+/).map(Number);
    out.one('node_filefd_allocated', 'gauge', 'File descriptor statistics: allocated.', allocated);
    out.one('node_filefd_maximum', 'gauge', 'File descriptor statistics: maximum.', maximum);
  }

  private async entropy(out: MetricFamilies): Promise<void> {
    const [available, pool] = await Promise.all(['entropy_avail', 'poolsize'].map(async (f) => Number(await this.text(`${this.proc}/sys/kernel/random/${f}`))));
    out.one('node_entropy_available_bits', 'gauge', 'Bits of available entropy.', available);
    out.one('node_entropy_pool_size_bits', 'gauge', 'Bits of entropy pool.', pool);
  }

  private async sockstat(out: MetricFamilies): Promise<void> {
    const page = await this.pageSize();
    const v4 = parseSockstat(await this.text(`${this.proc}/net/sockstat`));
    const v6 = await this.text(`${this.proc}/net/sockstat6`).then(parseSockstat, () => new Map<string, Map<string, number>>());
    for (const [protocol, values] of [...v4, ...v6]) {
      for (const [key, value] of values) {
        const name = protocol === 'sockets' ? `node_sockstat_sockets_${key}` : `node_sockstat_${protocol}_${key}`;
        out.one(name, 'gauge', `Number of ${protocol} sockets in state ${key}.`, value);
        if (key === 'mem' && protocol !== 'sockets') out.one(`${name}_bytes`, 'gauge', `Number of ${protocol} sockets in state mem_bytes.`, value * page);
      }
    }
  }

  private async netstat(out: MetricFamilies): Promise<void> {
    const [netstat, snmp, snmp6] = await Promise.all([
      this.text(`${this.proc}/net/netstat`).then(parseNetstat),
      this.text(`${this.proc}/net/snmp`).then(parseNetstat),
      this.text(`${this.proc}/net/snmp6`).then(parseSnmp6, () => new Map<string, number>()),
    ]);
    for (const [name, value] of [...netstat, ...snmp, ...snmp6]) {
      if (netstatFields.test(name)) out.one(`node_netstat_${name}`, 'untyped', `Statistic ${name.replace('_', '')}.`, value);
    }
  }

  private async softnet(out: MetricFamilies): Promise<void> {
    const cpus = parseSoftnet(await this.text(`${this.proc}/net/softnet_stat`));
    const family = (name: string, help: string, pick: (c: (typeof cpus)[number]) => number) =>
      out.add(`node_softnet_${name}_total`, 'counter', help, cpus.map((c) => [{ cpu: c.cpu }, pick(c)]));
    family('processed', 'Number of processed packets', (c) => c.processed);
    family('dropped', 'Number of dropped packets', (c) => c.dropped);
    family('times_squeezed', 'Number of times processing packets ran out of quota', (c) => c.timesSqueezed);
    family('received_rps', 'Number of times cpu woken up received_rps', (c) => c.receivedRps);
    family('flow_limit_count', 'Number of times flow limit has been reached', (c) => c.flowLimitCount);
  }

  private async udpQueues(out: MetricFamilies): Promise<void> {
    const [v4, v6] = await Promise.all(['udp', 'udp6'].map((f) => this.text(`${this.proc}/net/${f}`).then(parseUdpQueues, () => null)));
    if (!v4 && !v6) throw new Error('no /proc/net/udp');
    const rows: MetricRow[] = [];
    for (const [ip, queues] of [['v4', v4], ['v6', v6]] as const) {
      if (queues) rows.push([{ ip, queue: 'rx' }, queues.rx], [{ ip, queue: 'tx' }, queues.tx]);
    }
    out.add('node_udp_queues', 'gauge', 'Number of allocated memory in the kernel for UDP datagrams in bytes.', rows);
  }

  private async schedstat(out: MetricFamilies): Promise<void> {
    const cpus = parseSchedstat(await this.text(`${this.proc}/schedstat`));
    out.add('node_schedstat_running_seconds_total', 'counter', 'Number of seconds CPU spent running a process.', cpus.map((c) => [{ cpu: c.cpu }, c.runningNs / 1e9]));
    out.add('node_schedstat_waiting_seconds_total', 'counter', 'Number of seconds spent by processing waiting for this CPU.', cpus.map((c) => [{ cpu: c.cpu }, c.waitingNs / 1e9]));
    out.add('node_schedstat_timeslices_total', 'counter', 'Number of timeslices executed by CPU.', cpus.map((c) => [{ cpu: c.cpu }, c.timeslices]));
  }

  private async cpufreq(out: MetricFamilies): Promise<void> {
    const base = `${this.sys}/devices/system/cpu`;
    const cpus = (await readdir(base)).filter((name) => /^cpu\d+$/.test(name)).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
    const read = (cpu: string, file: string) => this.text(`${base}/${cpu}/cpufreq/${file}`).then((t) => t.trim(), () => null);
    const rows = await Promise.all(cpus.map(async (cpu) => {
      const files = ['cpuinfo_cur_freq', 'cpuinfo_max_freq', 'cpuinfo_min_freq', 'scaling_cur_freq', 'scaling_max_freq', 'scaling_min_freq', 'scaling_governor'];
      const values = await Promise.all(files.map((f) => read(cpu, f)));
      return { cpu: cpu.slice(3), values: new Map(files.map((f, i) => [f, values[i]!])) };
    }));
    if (rows.every((r) => [...r.values.values()].every((v) => v === null))) throw new Error('no cpufreq in sysfs');
    const hertz = (file: string): MetricRow[] => rows.flatMap((r) => {
      const kHz = Number(r.values.get(file) ?? NaN);
      return Number.isFinite(kHz) ? [[{ cpu: r.cpu }, kHz * 1000]] : [];
    });
    out.add('node_cpu_frequency_hertz', 'gauge', 'Current CPU thread frequency in hertz.', hertz('cpuinfo_cur_freq'));
    out.add('node_cpu_frequency_max_hertz', 'gauge', 'Maximum CPU thread frequency in hertz.', hertz('cpuinfo_max_freq'));
    out.add('node_cpu_frequency_min_hertz', 'gauge', 'Minimum CPU thread frequency in hertz.', hertz('cpuinfo_min_freq'));
    out.add('node_cpu_scaling_frequency_hertz', 'gauge', 'Current scaled CPU thread frequency in hertz.', hertz('scaling_cur_freq'));
    out.add('node_cpu_scaling_frequency_max_hertz', 'gauge', 'Maximum scaled CPU thread frequency in hertz.', hertz('scaling_max_freq'));
    out.add('node_cpu_scaling_frequency_min_hertz', 'gauge', 'Minimum scaled CPU thread frequency in hertz.', hertz('scaling_min_freq'));
    out.add('node_cpu_scaling_governor', 'gauge', 'Current enabled CPU frequency governor.',
      rows.filter((r) => r.values.get('scaling_governor')).map((r) => [{ cpu: r.cpu, governor: r.values.get('scaling_governor')! }, 1]));
  }

  /** Thermal zones and cooling devices of /sys/class/thermal (millidegrees Celsius there). */
  private async thermalZone(out: MetricFamilies): Promise<void> {
    const base = `${this.sys}/class/thermal`;
    const entries = (await readdir(base)).sort();
    const read = (entry: string, file: string) => this.text(`${base}/${entry}/${file}`).then((t) => t.trim(), () => null);
    const zones = await Promise.all(entries.filter((e) => /^thermal_zone\d+$/.test(e)).map(async (e) => ({ zone: e.slice('thermal_zone'.length), type: await read(e, 'type'), temp: await read(e, 'temp') })));
    const devices = await Promise.all(entries.filter((e) => /^cooling_device\d+$/.test(e)).map(async (e) => ({ name: e.slice('cooling_device'.length), type: await read(e, 'type'), cur: await read(e, 'cur_state'), max: await read(e, 'max_state') })));
    if (zones.length === 0 && devices.length === 0) throw new Error('no thermal zones in sysfs');
    const number = (text: string | null) => (text === null || text === '' || !Number.isFinite(Number(text)) ? null : Number(text));
    out.add('node_thermal_zone_temp', 'gauge', 'Zone temperature in Celsius', zones.flatMap((z) => (number(z.temp) === null ? [] : [[{ type: z.type ?? '', zone: z.zone }, number(z.temp)! / 1000]])));
    out.add('node_cooling_device_cur_state', 'gauge', 'Current throttle state of the cooling device', devices.flatMap((d) => (number(d.cur) === null ? [] : [[{ name: d.name, type: d.type ?? '' }, number(d.cur)!]])));
    out.add('node_cooling_device_max_state', 'gauge', 'Maximum throttle state of the cooling device', devices.flatMap((d) => (number(d.max) === null ? [] : [[{ name: d.name, type: d.type ?? '' }, number(d.max)!]])));
  }

  private async arp(out: MetricFamilies): Promise<void> {
    const entries = parseArp(await this.text(`${this.proc}/net/arp`));
    out.add('node_arp_entries', 'gauge', 'ARP entries by device', [...entries].map(([device, n]) => [{ device }, n]));
  }

  private async conntrack(out: MetricFamilies): Promise<void> {
    const read = (file: string) => this.text(`${this.proc}/sys/net/netfilter/${file}`).then(Number);
    const [entries, limit] = await Promise.all([read('nf_conntrack_count'), read('nf_conntrack_max')]);
    out.one('node_nf_conntrack_entries', 'gauge', 'Number of currently allocated flow entries for connection tracking.', entries);
    out.one('node_nf_conntrack_entries_limit', 'gauge', 'Maximum size of connection tracking table.', limit);
  }

  private async uname(out: MetricFamilies): Promise<void> {
    const domainname = (await this.text(`${this.proc}/sys/kernel/domainname`).catch(() => '(none)')).trim();
    out.add('node_uname_info', 'gauge', 'Labeled system information as provided by the uname system call.', [
      [{ domainname, machine: machine(), nodename: hostname(), release: release(), sysname: type(), version: version() }, 1],
    ]);
  }

  /** The kernel's page size, from the auxiliary vector (AT_PAGESZ), read once. */
  private async pageSize(): Promise<number> {
    if (this.pageBytes === null) {
      const auxv = await readFile(`${this.proc}/self/auxv`).catch(() => Buffer.alloc(0));
      this.pageBytes = 4096;
      for (let at = 0; at + 16 <= auxv.length; at += 16) {
        if (auxv.readBigUInt64LE(at) === 6n) this.pageBytes = Number(auxv.readBigUInt64LE(at + 8));
      }
    }
    return this.pageBytes;
  }
}
