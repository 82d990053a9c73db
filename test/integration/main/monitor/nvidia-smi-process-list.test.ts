import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NvidiaSmiStream } from '../../../../main/monitor/gpu/nvidia-smi-stream';
import { tempDir } from '../../../helpers/temp-dir';

// A stand-in nvidia-smi (no GPU here) whose process listing works until a flag file appears.
const fixtures = new URL('../../../fixtures/nvidia-smi/', import.meta.url).pathname;

describe('NvidiaSmiStream process listings', () => {
  let stream: NvidiaSmiStream | null = null;
  afterEach(() => stream?.stop());

  it('keeps the last list when a listing fails and counts the failures in a row, back to 0 when one works', async () => {
    const dir = tempDir();
    const path = join(dir, 'nvidia-smi');
    writeFileSync(path, `#!/bin/sh
case "$1" in
  --query-compute-apps*) if [ -e ${dir}/broken ]; then echo "Unable to query" >&2; exit 1; fi; cat ${fixtures}compute-apps.csv; exit 0;;
esac
while true; do cat ${fixtures}query-gpu-details.csv; sleep 0.1; done
`);
    chmodSync(path, 0o755);
    stream = new NvidiaSmiStream({ binary: path, intervalMs: 100, processesIntervalMs: 200 });
    stream.start();
    await expect.poll(() => stream!.gpus[0]?.processes.length).toBe(2);
    expect(stream.processListFailures).toBe(0);
    writeFileSync(join(dir, 'broken'), '');
    await expect.poll(() => stream!.processListFailures).toBeGreaterThanOrEqual(3);
    expect(stream.gpus[0]!.processes.map((p) => p.pid)).toEqual([48213, 48377]);
    rmSync(join(dir, 'broken'));
    await expect.poll(() => stream!.processListFailures).toBe(0);
  });
});
