import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { MetricFamilies, MetricRow, MetricType } from './metric-families';

/** The sensor kinds read, with the unit suffix and scale node_exporter gives their values. */
const kinds: Record<string, { unit: string; scale: number }> = {
  temp: { unit: '_celsius', scale: 0.001 },
  fan: { unit: '_rpm', scale: 1 },
  in: { unit: '_volts', scale: 0.001 },
  curr: { unit: '_amps', scale: 0.001 },
  power: { unit: '_watt', scale: 1e-6 },
};
const fanElements = new Set(['input', 'min', 'max', 'target']);

function clean(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9:_]/g, '_').replace(/^_+|_+$/g, '');
}

/** `temp1_crit_alarm` → kind temp, sensor temp1, element crit_alarm. */
function splitSensorFile(file: string): { kind: string; sensor: string; element: string } | null {
  const match = /^([a-z]+?)(\d+)(?:_(.+))?$/.exec(file);
  return match && match[1]! in kinds ? { kind: match[1]!, sensor: `${match[1]}${match[2]}`, element: match[3] ?? '' } : null;
}

/**
 * node_exporter's hwmon collector for the common sensors (temperatures, fans, voltages, currents,
 * power) of /sys/class/hwmon: `node_hwmon_<kind>[_<element>]_<unit>{chip,sensor}`, where chip is
 * named from the device's stable path, plus `node_hwmon_chip_names` and `node_hwmon_sensor_label`.
 */
export async function collectHwmon(sys: string, out: MetricFamilies): Promise<void> {
  const base = join(sys, 'class/hwmon');
  const families = new Map<string, { type: MetricType; help: string; rows: MetricRow[] }>();
  const add = (name: string, help: string, labels: Record<string, string>, value: number) => {
    const family = families.get(name) ?? { type: 'gauge', help, rows: [] };
    family.rows.push([labels, value]);
    families.set(name, family);
  };
  const entries = (await readdir(base)).sort();
  for (const entry of entries) {
    const dir = join(base, entry);
    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) continue;
    const chip = await chipName(dir);
    const name = await readFile(join(dir, 'name'), 'utf8').then((t) => clean(t), () => '');
    if (name) add('node_hwmon_chip_names', 'Annotation metric for human-readable chip names', { chip, chip_name: name }, 1);

    const sensors = new Map<string, { kind: string; elements: Map<string, string> }>();
    for (const folder of [dir, join(dir, 'device')]) {
      const files = await readdir(folder).catch(() => [] as string[]);
      await Promise.all(files.map(async (file) => {
        const parts = splitSensorFile(file);
        if (!parts) return;
        const text = await readFile(join(folder, file), 'utf8').catch(() => null); // some drivers refuse reads of absent sensors
        if (text === null) return;
        const sensor = sensors.get(parts.sensor) ?? { kind: parts.kind, elements: new Map<string, string>() };
        sensor.elements.set(parts.element, text.trim());
        sensors.set(parts.sensor, sensor);
      }));
    }
    for (const [sensor, { kind, elements }] of [...sensors].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      const labels = { chip, sensor };
      const label = clean(elements.get('label') ?? '');
      if (label) add('node_hwmon_sensor_label', 'Label for given chip and sensor', { ...labels, label }, 1);
      for (const [element, text] of elements) {
        const value = Number(text);
        if (element === 'label' || text === '' || !Number.isFinite(value)) continue;
        let metric = `node_hwmon_${kind}`;
        if (element === 'input') metric += elements.has('') ? '_input' : '';
        else if (element !== '') metric += `_${clean(element)}`;
        if (element === 'fault' || element === 'alarm') add(metric, `Hardware sensor ${element} status (${kind})`, labels, value);
        else if (element === 'beep') add(`${metric}_enabled`, 'Hardware monitor sensor has beeping enabled', labels, value);
        else if (kind === 'fan' && !fanElements.has(element)) add(metric, `Hardware monitor ${kind} element ${element}`, labels, value);
        else if (kind === 'temp' && element === 'type') add(metric, `Hardware monitor ${kind} element ${element}`, labels, value);
        else if (kind === 'power' && element === 'accuracy') add(metric, 'Hardware monitor power meter accuracy, as a ratio', labels, value / 1e6);
        else if (kind === 'power' && element.startsWith('average_interval')) add(`${metric}_seconds`, `Hardware monitor power usage update interval (${element})`, labels, value / 1000);
        else add(metric + kinds[kind]!.unit, `Hardware monitor for ${kind} (${element || 'input'})`, labels, value * kinds[kind]!.scale);
      }
    }
  }
  for (const [name, { type, help, rows }] of [...families].sort(([a], [b]) => a.localeCompare(b))) out.add(name, type, help, rows);
}

/** The chip's stable name: from its device's path (`platform_coretemp_0`), else its name file, else `hwmonN`. */
async function chipName(dir: string): Promise<string> {
  const device = await realpath(join(dir, 'device')).catch(() => null);
  if (device) {
    const name = clean(basename(device));
    const bus = clean(basename(dirname(device)));
    if (name && bus) return `${bus}_${name}`;
    if (name) return name;
  }
  const name = await readFile(join(dir, 'name'), 'utf8').then((t) => clean(t), () => '');
  return name || clean(basename(await realpath(dir)));
}
