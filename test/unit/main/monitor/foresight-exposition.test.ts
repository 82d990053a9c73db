import parsePrometheus from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { renderForesightExposition } from '../../../../main/monitor/foresight-exposition';

describe('renderForesightExposition', () => {
  it('exports scores and time to full as Prometheus gauges, +Inf for a disk that is not filling', () => {
    const text = renderForesightExposition(
      [['disk.used_percent{/data}', 7.5]],
      [
        { mount: '/data', availableBytes: 1e9, bytesPerSecond: -1e4, secondsToFull: 1e5 },
        { mount: '/', availableBytes: 1e9, bytesPerSecond: 0, secondsToFull: null },
      ],
      [{ gpu: 1, availableBytes: 1e9, bytesPerSecond: -1e6, secondsToFull: 1000, process: null }],
    );
    expect(text).toContain('vigil_anomaly_score{series="disk.used_percent{/data}"} 7.5\n');
    expect(text).toContain('vigil_filesystem_time_to_full_seconds{mountpoint="/"} +Inf\n');
    const families = parsePrometheus(text);
    expect(families.map((f) => [f.name, f.type, f.metrics.length])).toEqual([
      ['vigil_anomaly_score', 'GAUGE', 1],
      ['vigil_filesystem_time_to_full_seconds', 'GAUGE', 2],
      ['vigil_gpu_memory_time_to_full_seconds', 'GAUGE', 1],
    ]);
    expect(text).toContain('vigil_gpu_memory_time_to_full_seconds{gpu="1"} 1000\n');
    expect(renderForesightExposition([], [])).toBe('');
  });
});
