import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { startTestHost, type TestHost } from '../helpers/running-host';
import { tempDir } from '../helpers/temp-dir';

describe('foresight on the Overview and Metrics pages in Chromium', () => {
  let host: TestHost;
  let browser: Browser;
  let page: Page;
  const report = (latency: number[]) =>
    fetch(`${host.origin}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.tokens.ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'ranker', predictions: latency.length, latency_ms: latency }),
    });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    // One-second anomaly steps, so the detector has learned a series within the test's time.
    host = await startTestHost({
      uiDir: builtUiDir(),
      config: { monitor: { intervalMs: 250, processesIntervalMs: 1000, anomaly: { stepSeconds: 1 }, gpu: { nvidiaSmi: `${tempDir()}/nvidia-smi` } } },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(host.pageUrl());
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows the Outlook: disk forecasts still learning, the next backup', async () => {
    const outlook = page.getByTestId('outlook');
    await expect.poll(() => outlook.getByTestId('outlook-time-to-full').textContent()).toBe('Learning how fast the disks fill (10 minutes of history needed).');
    await expect.poll(() => outlook.getByTestId('outlook-next-backup').textContent()).toMatch(/^Next backup .+\.$/);
  });

  it('lists a model whose latency jumps among the last hour’s anomalies, and shades it on the Metrics page', async () => {
    // Steady latency for 40 s, then a slow stretch.
    const steady = Array.from({ length: 10 }, (_, i) => 100 + i);
    for (let i = 0; i < 160; i++) {
      await report(steady);
      await sleep(250);
    }
    for (let i = 0; i < 12; i++) {
      await report(Array.from({ length: 40 }, () => 4000));
      await sleep(250);
    }
    const anomalies = page.getByTestId('outlook-anomalies');
    await expect.poll(() => anomalies.textContent(), { timeout: 20_000 }).toContain('model.latency_p95{ranker}');

    await page.getByRole('link', { name: 'Metrics' }).click();
    const chart = page.locator('section.chart', { has: page.getByRole('heading', { name: 'Model latency p95' }) });
    await expect.poll(() => chart.getByTestId('anomaly-rate').textContent(), { timeout: 15_000 }).toMatch(/^anomalous [\d.]+ % of this range$/);
    await expect.poll(() => page.getByTestId('time-to-full').textContent()).toContain('Learning how fast the disks fill');
  }, 90_000);
});
