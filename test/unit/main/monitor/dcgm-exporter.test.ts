import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import parsePrometheus from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { renderDcgm } from '../../../../main/monitor/exposition/dcgm-exporter';
import { detailQueryFields, gpuQueryFields, parseGpuLine, parseGpuReadings } from '../../../../main/monitor/gpu/parse-nvidia-smi';

const fields = [...gpuQueryFields, ...detailQueryFields];
const lines = readFileSync(new URL('../../../fixtures/nvidia-smi/query-gpu-details.csv', import.meta.url), 'utf8').trim().split('\n');

function render(text: string[]) {
  const gpus = text.map((l) => parseGpuLine(l, fields)!);
  const readings = new Map(text.map((l, i) => [gpus[i]!.uuid, parseGpuReadings(l, fields)!]));
  return renderDcgm(gpus, readings, 'box-07');
}

describe('GPU families on /metrics, from recorded-format nvidia-smi output', () => {
  const families = new Map(parsePrometheus(render(lines)).map((f) => [f.name, f]));
  const first = (name: string) => families.get(name)?.metrics[0];

  it('uses DCGM exporter names, with its labels on every series', () => {
    expect(first('DCGM_FI_DEV_GPU_UTIL')).toEqual({
      labels: { gpu: '0', UUID: 'GPU-3f1b2c4d-9e8a-4b7c-8d6e-1a2b3c4d5e6f', device: 'nvidia0', modelName: 'NVIDIA H200', Hostname: 'box-07' },
      value: '87',
    });
    expect(families.get('DCGM_FI_DEV_GPU_UTIL')!.metrics.map((m) => m.labels!.gpu)).toEqual(['0', '1']);
  });

  it('has the clocks, memory copy, codec use, throttle mask, PCIe link and error counts nvidia-smi reports', () => {
    const values = Object.fromEntries([...families].map(([name, f]) => [name, f.metrics[0]!.value]));
    expect(values).toMatchObject({
      DCGM_FI_DEV_SM_CLOCK: '1980', DCGM_FI_DEV_MEM_CLOCK: '3201', DCGM_FI_DEV_VIDEO_CLOCK: '1755', DCGM_FI_DEV_MAX_SM_CLOCK: '1980',
      DCGM_FI_DEV_MEM_COPY_UTIL: '41', DCGM_FI_DEV_ENC_UTIL: '0', DCGM_FI_DEV_DEC_UTIL: '12',
      DCGM_FI_DEV_CLOCK_THROTTLE_REASONS: '4', DCGM_FI_DEV_PSTATE: '0',
      DCGM_FI_DEV_PCIE_LINK_GEN: '5', DCGM_FI_DEV_PCIE_LINK_WIDTH: '16',
      DCGM_FI_DEV_FB_USED: '98304', DCGM_FI_DEV_FB_TOTAL: '143771', DCGM_FI_DEV_FB_FREE: String(143771 - 98304 - 566),
      DCGM_FI_DEV_POWER_USAGE: '612.47', DCGM_FI_DEV_POWER_MGMT_LIMIT: '700', DCGM_FI_DEV_MEMORY_TEMP: '58',
      DCGM_FI_DEV_ECC_SBE_AGG_TOTAL: '3', DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS: '2', DCGM_FI_DEV_ROW_REMAP_FAILURE: '0',
    });
    expect(families.get('DCGM_FI_DEV_ECC_SBE_VOL_TOTAL')!.type).toBe('COUNTER');
  });

  it('leaves out what the card reports as [N/A] instead of inventing a value', () => {
    expect(families.has('DCGM_FI_DEV_FAN_SPEED')).toBe(false);
    expect(families.has('DCGM_FI_DEV_RETIRED_SBE')).toBe(false);
  });

  it('passes promtool check metrics, apart from the counter names and modelName label DCGM exporter itself uses', () => {
    const check = spawnSync('promtool', ['check', 'metrics'], { input: render(lines), encoding: 'utf8' });
    const problems = (check.stdout + check.stderr).split('\n').filter(Boolean);
    const inherited = /^DCGM_FI_DEV_\w+ (counter metrics should have "_total" suffix|label names should be written in 'snake_case' not 'camelCase')$/;
    expect(problems.filter((p) => !inherited.test(p))).toEqual([]);
  });
});
