import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { normals } from '../helpers/dataset-files';
import { startTestHost, type TestHost } from '../helpers/running-host';
import { tempDir } from '../helpers/temp-dir';

/** Two numeric features; `shift` moves "load" by that many standard deviations. */
function csv(seed: number, shift: number): string {
  const z = normals(seed);
  return ['load,temperature', ...Array.from({ length: 400 }, () => `${(z() + shift).toFixed(4)},${(20 + z()).toFixed(3)}`)].join('\n') + '\n';
}

describe('drift watches on the Drift page in Chromium', () => {
  let host: TestHost;
  let browser: Browser;
  let page: Page;
  let data: string;
  let feed: string;
  let outside: string;

  beforeAll(async () => {
    data = tempDir();
    feed = join(data, 'feed');
    mkdirSync(feed);
    writeFileSync(join(feed, 'day-1.csv'), csv(2, 0));
    outside = tempDir();
    host = await startTestHost({ uiDir: builtUiDir(), config: { drift: { dataFolders: [data] } }, app: { watchTiming: { pollMs: 100, debounceMs: 200 } } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(host.pageUrl('/drift'));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  async function dropReference(): Promise<void> {
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'reference.csv', { type: 'text/csv' }));
      return data;
    }, csv(1, 0));
    await page.getByTestId('drop-watch-reference').dispatchEvent('drop', { dataTransfer: transfer });
    await expect.poll(() => page.getByTestId('drop-watch-reference').textContent()).toContain('reference.csv');
  }

  const row = (name: string) => page.locator(`[data-testid="drift-watch"][data-name="${name}"]`);
  const points = (name: string) => row(name).getByTestId('watch-sparkline').locator('circle');

  it('adds a watch from a dropped reference and a typed folder, shows its first result, and follows a new file', async () => {
    await dropReference();
    await page.getByLabel('watch name').fill('sensor feed');
    await page.getByLabel('watched path').fill(feed);
    await page.getByLabel('interval in minutes').fill('30');
    await page.getByRole('button', { name: 'Add watch' }).click();

    await expect.poll(() => row('sensor feed').locator('[data-level]').getAttribute('data-level'), { timeout: 15_000 }).toBe('NO_DRIFT');
    expect(await points('sensor feed').count()).toBe(1);
    expect(await row('sensor feed').textContent()).toMatch(/next .* and when the data changes/);

    writeFileSync(join(feed, 'day-2.csv'), csv(3, 3));
    await expect.poll(() => row('sensor feed').locator('[data-level]').getAttribute('data-level'), { timeout: 15_000 }).toBe('SEVERE_DRIFT');
    expect(await row('sensor feed').getByTestId('watch-share').textContent()).toBe('50 % of features drifted');
    expect(await points('sensor feed').count()).toBe(2);

    await row('sensor feed').getByRole('button', { name: 'Run now' }).click();
    await expect.poll(() => points('sensor feed').count(), { timeout: 15_000 }).toBe(3);
  });

  it('refuses a watched path outside drift.dataFolders with a clear message, and adds nothing', async () => {
    writeFileSync(join(outside, 'private.csv'), csv(4, 0));
    await dropReference();
    await page.getByLabel('watch name').fill('sneaky');
    await page.getByLabel('watched path').fill(outside);
    expect(await page.getByTestId('watch-folders-hint').textContent()).toBe(`The watched path must lie inside ${data} (drift.dataFolders).`);
    await page.getByRole('button', { name: 'Add watch' }).click();
    await expect.poll(() => page.getByTestId('watch-error').textContent()).toMatch(/current: .* outside drift\.dataFolders/);
    expect(await row('sneaky').count()).toBe(0);
    expect(host.app.watches.list().map((w) => w.name)).toEqual(['sensor feed']);
  });

  it('shows the watches on the Overview, and removes a watch', async () => {
    await page.goto(host.pageUrl('/'));
    await expect.poll(() => page.getByTestId('outlook-watches').textContent(), { timeout: 15_000 }).toMatch(/^1 drift watch · drifting: sensor feed · next check .+\.$/);
    await page.goto(host.pageUrl('/drift'));
    await row('sensor feed').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row('sensor feed').count()).toBe(0);
    expect(host.app.watches.list()).toEqual([]);
  });
});
