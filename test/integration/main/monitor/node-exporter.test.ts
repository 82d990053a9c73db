import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import parsePrometheus, { type MetricFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { NodeExporter } from '../../../../main/monitor/exposition/node-exporter';
import { LinuxSampler } from '../../../../main/monitor/linux-sampler';
import { tempDir } from '../../../helpers/temp-dir';

const tree = new URL('../../../fixtures/proc-tree/', import.meta.url).pathname;
const fixture = (path: string) => readFileSync(join(tree, path), 'utf8');

async function scrape(exporter: NodeExporter, texts = {}): Promise<Map<string, MetricFamily>> {
  return new Map(parsePrometheus(await exporter.render(texts)).map((f) => [f.name, f]));
}

function value(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  if (!family) throw new Error(`${name} is missing`);
  const metric = family.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!metric) throw new Error(`${name}${JSON.stringify(labels)} is missing`);
  return Number(metric.value);
}

describe('node_exporter families from a /proc and /sys snapshot', () => {
  const exporter = () => new NodeExporter({ proc: join(tree, 'proc'), sys: join(tree, 'sys'), now: () => 1_800_000_000_000 });

  it('uses node_exporter names, units and types for the kernel counters', async () => {
    const f = await scrape(exporter());
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(fixture('proc/meminfo'))![1]) * 1024;
    expect(value(f, 'node_memory_MemTotal_bytes')).toBe(kb('MemTotal'));
    expect(value(f, 'node_memory_Active_anon_bytes')).toBe(kb('Active\\(anon\\)'));
    expect(value(f, 'node_memory_SwapTotal_bytes')).toBe(kb('SwapTotal'));
    expect(f.has('node_memory_HugePages_Total')).toBe(true); // a count, not kB: no _bytes suffix
    expect(value(f, 'node_boot_time_seconds')).toBe(1796041374);
    expect(value(f, 'node_context_switches_total')).toBe(2429653);
    expect(value(f, 'node_forks_total')).toBe(18543);
    expect(value(f, 'node_procs_running')).toBe(17);
    expect(f.get('node_context_switches_total')!.type).toBe('COUNTER');
    expect(value(f, 'node_cpu_seconds_total', { cpu: '1', mode: 'idle' })).toBeGreaterThan(0);
    expect(value(f, 'node_time_seconds')).toBe(1_800_000_000);
    expect(value(f, 'node_load15')).toBe(Number(fixture('proc/loadavg').split(' ')[2]));

    // Pressure totals are microseconds in the kernel, seconds in node_exporter.
    expect(value(f, 'node_pressure_cpu_waiting_seconds_total')).toBeCloseTo(267.484188, 9);
    expect(f.has('node_pressure_irq_stalled_seconds_total')).toBe(false); // this kernel has no /proc/pressure/irq

    // Disk counters: sectors of 512 bytes, milliseconds to seconds; loop devices are left out.
    expect(value(f, 'node_disk_reads_completed_total', { device: 'vda' })).toBe(28462);
    expect(value(f, 'node_disk_read_bytes_total', { device: 'vda' })).toBe(2028874 * 512);
    expect(value(f, 'node_disk_io_time_weighted_seconds_total', { device: 'vda' })).toBeCloseTo(34.301, 9);
    expect(value(f, 'node_disk_flush_requests_total', { device: 'vda' })).toBe(3734);
    expect(f.get('node_disk_io_now')!.type).toBe('GAUGE');
    expect(f.get('node_disk_reads_completed_total')!.metrics.map((m) => m.labels!.device)).toEqual(['vda']);

    expect(value(f, 'node_network_receive_packets_total', { device: 'eth0' })).toBe(15273);
    expect(value(f, 'node_network_transmit_bytes_total', { device: 'eth0' })).toBe(1490577);
    expect(value(f, 'node_network_up', { device: 'eth0' })).toBe(1);
    expect(value(f, 'node_network_mtu_bytes', { device: 'lo' })).toBe(65536);
    expect(f.has('node_network_speed_bytes')).toBe(false); // -1: the NIC does not know its speed
    expect(value(f, 'node_network_receive_nohandler_total', { device: 'eth0' })).toBe(0);
    expect(value(f, 'node_udp_queues', { ip: 'v4', queue: 'rx' })).toBe(0x300);
    expect(value(f, 'node_udp_queues', { ip: 'v4', queue: 'tx' })).toBe(0x40);
    expect(value(f, 'node_udp_queues', { ip: 'v6', queue: 'rx' })).toBe(0);

    expect(value(f, 'node_vmstat_pgfault')).toBe(Number(/^pgfault (\d+)/m.exec(fixture('proc/vmstat'))![1]));
    expect(f.get('node_vmstat_pgfault')!.type).toBe('UNTYPED');
    expect(f.has('node_vmstat_nr_free_pages')).toBe(false); // not in node_exporter's default field list
    expect(value(f, 'node_netstat_IpExt_InOctets')).toBeGreaterThan(0);
    expect(f.has('node_netstat_Tcp_InSegs') && f.has('node_netstat_Udp_InErrors') && f.has('node_netstat_TcpExt_ListenDrops')).toBe(true);
    expect(f.has('node_netstat_TcpExt_DelayedACKs')).toBe(false);

    expect(value(f, 'node_sockstat_sockets_used')).toBe(84);
    expect(value(f, 'node_sockstat_TCP_mem')).toBe(318);
    expect(value(f, 'node_sockstat_TCP_mem_bytes') % 318).toBe(0);
    expect(value(f, 'node_filefd_allocated')).toBe(1217);
    expect(value(f, 'node_filefd_maximum')).toBe(2466177);
    expect(value(f, 'node_entropy_pool_size_bits')).toBe(256);
    expect(value(f, 'node_softnet_processed_total', { cpu: '0' })).toBe(0x475);
    expect(value(f, 'node_schedstat_running_seconds_total', { cpu: '1' })).toBeCloseTo(4990.331219856, 9);
    expect(value(f, 'node_arp_entries', { device: 'eth0' })).toBe(1);

    // cpufreq and thermal sysfs files are in kHz and millidegrees.
    expect(value(f, 'node_cpu_scaling_frequency_hertz', { cpu: '1' })).toBe(1_200_045_000);
    expect(value(f, 'node_cpu_scaling_frequency_max_hertz', { cpu: '0' })).toBe(3_400_000_000);
    expect(f.has('node_cpu_frequency_hertz')).toBe(false); // cpuinfo_cur_freq is readable by root only, and absent here
    expect(value(f, 'node_cpu_scaling_governor', { cpu: '0', governor: 'powersave' })).toBe(1);
    expect(value(f, 'node_thermal_zone_temp', { zone: '0', type: 'x86_pkg_temp' })).toBe(54);
    expect(value(f, 'node_cooling_device_max_state', { name: '0', type: 'Processor' })).toBe(10);

    // hwmon: chips named from their device's path, sensors by file name, values in base units.
    const core = { chip: 'platform_coretemp_0', sensor: 'temp1' };
    expect(value(f, 'node_hwmon_temp_celsius', core)).toBe(52);
    expect(value(f, 'node_hwmon_temp_max_celsius', core)).toBe(80);
    expect(value(f, 'node_hwmon_temp_crit_celsius', core)).toBe(100);
    expect(value(f, 'node_hwmon_chip_names', { chip: 'platform_coretemp_0', chip_name: 'coretemp' })).toBe(1);
    expect(value(f, 'node_hwmon_sensor_label', { ...core, label: 'package_id_0' })).toBe(1);
    expect(value(f, 'node_hwmon_fan_rpm', { chip: 'platform_nct6775_656', sensor: 'fan2' })).toBe(1187);
    expect(value(f, 'node_hwmon_fan_min_rpm', { chip: 'platform_nct6775_656', sensor: 'fan2' })).toBe(0);
    expect(value(f, 'node_hwmon_fan_alarm', { chip: 'platform_nct6775_656', sensor: 'fan2' })).toBe(0);
    expect(value(f, 'node_hwmon_in_volts', { chip: 'platform_nct6775_656', sensor: 'in0' })).toBeCloseTo(1.032, 9);

    const root = { mountpoint: '/', device: '/dev/vda', fstype: 'ext4' };
    expect(value(f, 'node_filesystem_files', root)).toBeGreaterThan(0);
    expect(value(f, 'node_filesystem_readonly', root)).toBe(0);
    expect(value(f, 'node_filesystem_device_error', root)).toBe(0);

    const uname = f.get('node_uname_info')!.metrics[0]!.labels!;
    expect(Object.keys(uname).sort()).toEqual(['domainname', 'machine', 'nodename', 'release', 'sysname', 'version']);
  });

  it('reports each collector’s success: one with nothing to read fails alone', async () => {
    const f = await scrape(exporter());
    expect(value(f, 'node_scrape_collector_success', { collector: 'conntrack' })).toBe(0); // no netfilter files in the snapshot
    expect(f.has('node_nf_conntrack_entries')).toBe(false);
    expect(value(f, 'node_scrape_collector_success', { collector: 'meminfo' })).toBe(1);
    expect(value(f, 'node_scrape_collector_duration_seconds', { collector: 'filesystem' })).toBeGreaterThanOrEqual(0);
  });

  it('reuses the texts the monitor read this second instead of reading the files again', async () => {
    const f = await scrape(exporter(), { stat: 'cpu 1 2 3 4 5 6 7 8 0 0\ncpu0 100 0 0 900 0 0 0 0 0 0\nctxt 77\nbtime 5\n', meminfo: 'MemTotal: 8 kB\n' });
    expect(value(f, 'node_cpu_seconds_total', { cpu: '0', mode: 'idle' })).toBe(9);
    expect(value(f, 'node_context_switches_total')).toBe(77);
    expect(f.get('node_memory_MemTotal_bytes')!.metrics).toEqual([{ value: '8192' }]);
    expect(f.has('node_memory_MemFree_bytes')).toBe(false);
  });

  it('flags read-only mounts and converts a known link speed to bytes per second', async () => {
    const root = join(tempDir(), 'snapshot');
    cpSync(tree, root, { recursive: true });
    writeFileSync(join(root, 'proc/self/mounts'), '/dev/vda / ext4 ro,relatime 0 0\n');
    writeFileSync(join(root, 'sys/class/net/eth0/speed'), '10000\n');
    const f = await scrape(new NodeExporter({ proc: join(root, 'proc'), sys: join(root, 'sys') }));
    expect(value(f, 'node_filesystem_readonly', { mountpoint: '/' })).toBe(1);
    expect(value(f, 'node_network_speed_bytes', { device: 'eth0' })).toBe(1_250_000_000);
  });
});

describe('node_exporter families from this machine', () => {
  it('passes promtool check metrics, apart from the camelCase and bits names node_exporter itself uses', async () => {
    const sampler = new LinuxSampler();
    const reading = await sampler.read();
    await sampler.close();
    const here = await new NodeExporter().render(reading.counters.procText!);
    // The snapshot adds what this VM lacks: cpufreq, thermal zones, hwmon sensors.
    const snapshot = await new NodeExporter({ proc: join(tree, 'proc'), sys: join(tree, 'sys') }).render({});
    const names = (text: string) => new Set(text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]));
    const extra = new Set([...names(snapshot)].filter((n) => !names(here).has(n)));
    const text = here + snapshot.split('\n# HELP ').filter((block) => extra.has(block.split(' ')[0]!)).map((block) => `# HELP ${block.trimEnd()}\n`).join('');
    expect([...extra]).toContain('node_hwmon_temp_celsius');
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const problems = (check.stdout + check.stderr).split('\n').filter(Boolean);
    const inherited = problems.filter((p) =>
      /^node_(memory|netstat|sockstat)_\w+ metric names should be written in 'snake_case' not 'camelCase'$/.test(p) ||
      /^node_entropy_(available|pool_size)_bits use base unit "bytes" instead of "bits"$/.test(p));
    expect(problems.filter((p) => !inherited.includes(p))).toEqual([]);
    expect(execFileSync('promtool', ['--version'], { encoding: 'utf8' })).toMatch(/promtool/);
  });
});
