import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { startTestHost, type TestHost } from '../helpers/running-host';
import { tempDir } from '../helpers/temp-dir';

const fixtures = new URL('../fixtures/nvidia-smi/', import.meta.url).pathname;

describe('stalled training runs on the Overview in Chromium', () => {
  let host: TestHost;
  let browser: Browser;
  let page: Page;
  let trainer: ChildProcess;
  let apps: string;
  const report = (record: object) =>
    fetch(`${host.origin}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.tokens.ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'resnet', ...record }),
    });

  beforeAll(async () => {
    // A stand-in nvidia-smi (no GPU here): GPU 0 at 1 % utilisation, held by a real process whose command line Vigil reads.
    trainer = spawn('sleep', ['600'], { stdio: 'ignore' });
    const dir = tempDir();
    const [line] = readFileSync(join(fixtures, 'query-gpu-details.csv'), 'utf8').split('\n');
    const fields = line!.split(', ');
    fields[3] = '1';
    writeFileSync(join(dir, 'query-gpu.csv'), `${fields.join(', ')}\n`);
    apps = join(dir, 'compute-apps.csv');
    writeFileSync(apps, `${fields[1]}, ${trainer.pid}, /usr/bin/python3, 97280\n`);
    const nvidiaSmi = join(dir, 'nvidia-smi');
    writeFileSync(
      nvidiaSmi,
      `#!/bin/sh
case "$1" in
  --query-compute-apps*) cat ${dir}/compute-apps.csv; exit 0;;
esac
while true; do cat ${dir}/query-gpu.csv; sleep 0.2; done
`,
    );
    chmodSync(nvidiaSmi, 0o755);
    // Stalls after 3 s instead of 10 min, so the test sees them.
    host = await startTestHost({
      uiDir: builtUiDir(),
      config: { monitor: { intervalMs: 250, runStalledMinutes: 0.05, gpu: { nvidiaSmi, processesIntervalMs: 1000, stalledMinutes: 0.05 } } },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(host.pageUrl());
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    trainer?.kill();
  });

  it('lists a GPU process on an idle GPU with its command line, and a run whose step stopped', async () => {
    for (let step = 1; step <= 3; step++) await report({ gauges: { step }, finished: false });
    const stalled = page.getByTestId('outlook-stalled-runs');
    // The Outlook reloads every 10 s.
    await expect.poll(() => stalled.textContent(), { timeout: 30_000 }).toContain(`/usr/bin/python3 (pid ${trainer.pid}) holds its GPU idle since`);
    await report({ gauges: { step: 3 }, finished: false });
    await expect.poll(() => stalled.textContent(), { timeout: 30_000 }).toMatch(/^2 training runs may be stalled:/);
    expect(await stalled.textContent()).toContain('sleep 600');
    expect(await stalled.textContent()).toMatch(/run resnet (reports step 3 unchanged|stopped reporting .* at step 3)/);
    const open = host.app.alerts.open().map((a) => a.identity).sort();
    expect(open).toEqual(expect.arrayContaining(['model-stalled:resnet', `gpu-run-stalled:pid:${trainer.pid}`]));

    // The run finishes and the process exits: both leave the list.
    await report({ gauges: { step: 4 }, finished: true });
    trainer.kill();
    writeFileSync(apps, '');
    await expect.poll(() => stalled.textContent(), { timeout: 30_000 }).toBe('No training run looks stalled.');
    expect(host.app.alerts.history({ rule: 'gpu-run-ended' })[0]!.alert.summary).toMatch(/^run ended after \d+ s: \/usr\/bin\/python3 .*command line: sleep 600$/);
    // Both ends are among the Overview's finished runs.
    const finished = page.getByTestId('model-events');
    await expect.poll(() => finished.textContent(), { timeout: 15_000 }).toMatch(/run ended after \d+ s: \/usr\/bin\/python3/);
    expect(await finished.textContent()).toMatch(/run resnet finished after/);
  }, 90_000);
});
