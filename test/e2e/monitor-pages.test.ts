import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { startTestHost, type TestHost } from '../helpers/running-host';
import { tempDir } from '../helpers/temp-dir';

describe('the Overview and Metrics pages in Chromium', () => {
  let host: TestHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // nvidia-smi is pointed at a path that does not exist, as on a machine without NVIDIA drivers.
    host = await startTestHost({
      uiDir: builtUiDir(),
      config: { monitor: { intervalMs: 250, processesIntervalMs: 1000, gpu: { nvidiaSmi: `${tempDir()}/nvidia-smi` } } },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(host.pageUrl());
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows live system values with units, and says plainly that there is no GPU', async () => {
    await expect.poll(() => page.getByTestId('disk-fullest').textContent()).toMatch(/^\d+\.\d %$/);
    await expect.poll(() => page.getByTestId('network').textContent()).toMatch(/in [\d.]+ (B|kB|MB|GB)\/s · out/);
    await expect.poll(() => page.getByTestId('gpu-absent').textContent()).toContain('No NVIDIA GPU found.');
    await expect.poll(() => page.getByTestId('processes').locator('tr').count()).toBeGreaterThan(0);
    const first = await page.getByTestId('sample-time').textContent();
    await expect.poll(() => page.getByTestId('sample-time').textContent(), { timeout: 5000 }).not.toBe(first);
    await expect.poll(() => page.getByTestId('event-loop-lag').textContent()).toMatch(/^ · event loop lag p99 [\d.]+ m?s, max [\d.]+ m?s$/);
  });

  it('shows a model tile once training code reports to the ingest endpoint', async () => {
    const res = await fetch(`${host.origin}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.tokens.ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'churn-v3', predictions: 200, errors: 20, latency_ms: Array.from({ length: 100 }, (_, i) => 100 + i) }),
    });
    expect(res.status).toBe(202);
    const tile = page.getByTestId('model-churn-v3');
    await expect.poll(() => tile.textContent()).toMatch(/p95 19\d ms/);
    expect(await tile.textContent()).toContain('errors 10.0 %');
  });

  it('charts stored history for the chosen range', async () => {
    await page.getByRole('link', { name: 'Metrics' }).click();
    await expect.poll(() => page.getByRole('img', { name: 'CPU %' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'CPU per core %' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Model latency p95' }).count()).toBe(1);
    await expect.poll(() => page.getByText('from the raw samples').count()).toBe(1);
    await page.getByRole('button', { name: '30 d' }).click();
    await expect.poll(() => page.getByRole('button', { name: '30 d' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByText(/from the (minute|hour) rollups/).count()).toBe(1);
  });
});
