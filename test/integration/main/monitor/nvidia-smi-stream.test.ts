import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NvidiaSmiStream } from '../../../../main/monitor/gpu/nvidia-smi-stream';
import { detailQueryFields, gpuQueryFields } from '../../../../main/monitor/gpu/parse-nvidia-smi';
import { tempDir } from '../../../helpers/temp-dir';

// nvidia-smi cannot run without an NVIDIA GPU and driver, so these stand-in executables replay its
// output format (fixtures/nvidia-smi), die, or refuse a field, as the real one does.
const fixtures = new URL('../../../fixtures/nvidia-smi/', import.meta.url).pathname;

function executable(body: string): { path: string; log: string } {
  const dir = tempDir();
  const path = join(dir, 'nvidia-smi');
  const log = join(dir, 'calls.log');
  writeFileSync(path, `#!/bin/sh\necho "$@" >> ${log}\n${body}\n`);
  chmodSync(path, 0o755);
  return { path, log };
}

const streams: NvidiaSmiStream[] = [];
function stream(binary: string): NvidiaSmiStream {
  const s = new NvidiaSmiStream({ binary, intervalMs: 100, processesIntervalMs: 200, maxBackoffMs: 200 });
  streams.push(s);
  s.start();
  return s;
}
afterEach(() => streams.splice(0).forEach((s) => s.stop()));

describe('NvidiaSmiStream', () => {
  it('treats a missing nvidia-smi as the normal "absent" state', async () => {
    const s = stream(join(tempDir(), 'no-such-nvidia-smi'));
    await expect.poll(() => s.state).toBe('absent');
    expect(s.message).toMatch(/no NVIDIA GPU found/);
    expect(s.gpus).toEqual([]);
  });

  it('parses the stream as it arrives, with the processes holding each GPU', async () => {
    const { path } = executable(`
case "$1" in
  --query-compute-apps*) cat ${fixtures}compute-apps.csv; exit 0;;
esac
while true; do cat ${fixtures}query-gpu-details.csv; sleep 0.1; done`);
    const s = stream(path);
    await expect.poll(() => s.gpus.length).toBe(2);
    const readings = s.readings.get(s.gpus[0]!.uuid)!;
    expect([readings.get('utilization.decoder'), readings.get('pcie.link.gen.current'), readings.get('remapped_rows.failure')]).toEqual([12, 5, 0]);
    expect(readings.has('retired_pages.double_bit.count')).toBe(false); // [N/A]
    expect(s.state).toBe('ok');
    expect(s.gpus.map((g) => g.utilization)).toEqual([87, 0]);
    await expect.poll(() => s.gpus[0]!.processes.length).toBe(2);
    expect(s.gpus[1]!.processes).toEqual([]);
  });

  it('runs one processes query at a time when nvidia-smi hangs, and stop() ends the hung one', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'query.pid');
    const { path, log } = executable(`
case "$1" in
  --query-compute-apps*) echo $$ > ${pidFile}; exec sleep 60;;
esac
while true; do cat ${fixtures}query-gpu-details.csv; sleep 0.1; done`);
    const s = stream(path);
    await expect.poll(() => s.state).toBe('ok');
    await expect.poll(() => existsSync(pidFile)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // five intervals
    expect(readFileSync(log, 'utf8').split('\n').filter((line) => line.startsWith('--query-compute-apps'))).toHaveLength(1);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    s.stop();
    await expect.poll(alive).toBe(false);
  });

  it('restarts a dying nvidia-smi with backoff and reports the failure meanwhile', async () => {
    const { path, log } = executable(`head -n 1 ${fixtures}query-gpu.csv; echo "GPU is lost" >&2; exit 1`);
    const s = stream(path);
    await expect.poll(() => s.state).toBe('failed');
    expect(s.message).toMatch(/nvidia-smi stopped \(exit 1\): GPU is lost/);
    await expect.poll(() => readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('--query-gpu')).length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
  });

  it('drops each field an older driver does not know, one refusal at a time', async () => {
    const known = gpuQueryFields.slice(0, -1).join(' ');
    const { path, log } = executable(`
case "$1" in
  --query-gpu=*)
    for field in $(echo "\${1#--query-gpu=}" | tr ',' ' '); do
      case " ${known} " in *" $field "*) ;; *) echo "Field \\"$field\\" is not a valid field to query." >&2; exit 2;; esac
    done;;
esac
while true; do cat ${fixtures}query-gpu-old-driver.csv; sleep 0.1; done`);
    const s = stream(path);
    await expect.poll(() => s.gpus.length, { timeout: 10_000 }).toBe(1);
    expect(s.gpus[0]!.name).toBe('Tesla K80');
    const queries = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('--query-gpu'));
    expect(queries.at(-1)).toBe(`--query-gpu=${gpuQueryFields.slice(0, -1).join(',')} --format=csv,noheader,nounits -lms 100`);
    expect(queries).toHaveLength(1 + 1 + detailQueryFields.length);
    expect(s.readings.get(s.gpus[0]!.uuid)!.get('clocks.sm')).toBe(562);
  });
});
