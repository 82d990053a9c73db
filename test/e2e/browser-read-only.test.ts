import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { normals } from '../helpers/dataset-files';
import { startTestHost, type TestHost } from '../helpers/running-host';
import { tempDir } from '../helpers/temp-dir';

function csv(seed: number, shift: number): string {
  const z = normals(seed);
  return ['load,region', ...Array.from({ length: 400 }, (_, i) => `${(z() + shift).toFixed(4)},${['eu', 'us'][i % 2]}`)].join('\n') + '\n';
}

describe('the browser UI, where settings that run programs are read-only', () => {
  let host: TestHost;
  let browser: Browser;
  let page: Page;
  let data: string;

  beforeAll(async () => {
    data = join(tempDir(), 'datasets');
    mkdirSync(data);
    writeFileSync(join(data, 'before.csv'), csv(1, 0));
    writeFileSync(join(data, 'after.csv'), csv(2, 2));
    host = await startTestHost({ uiDir: builtUiDir(), config: { drift: { dataFolders: [data] } } });
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows nvidia-smi, cache folders, actions and data folders read-only, saying where to change them', async () => {
    await page.goto(host.pageUrl('/settings'));
    for (const key of ['monitor.gpu.nvidiaSmi', 'alerts.cacheFolders', 'alerts.actions', 'drift.dataFolders']) {
      const field = page.getByLabel(key, { exact: true });
      await expect.poll(() => field.isEditable(), { timeout: 10_000 }).toBe(false);
      expect(await page.getByTestId(`local-only-${key}`).textContent()).toContain(join(host.dataDir, 'config.json'));
    }
    expect(await page.getByLabel('monitor.intervalMs', { exact: true }).isEditable()).toBe(true);
    expect(readFileSync(join(host.dataDir, 'config.json'), 'utf8')).not.toContain('nvidiaSmi');
  });

  it('compares two files already on the host by path, inside drift.dataFolders', async () => {
    await page.goto(host.pageUrl('/drift'));
    await page.getByLabel('reference path').fill(join(data, 'before.csv'));
    await page.getByLabel('current path').fill(join(data, 'after.csv'));
    await page.getByRole('button', { name: 'Use these files' }).click();
    await expect.poll(() => page.getByLabel('kind of load').inputValue(), { timeout: 10_000 }).toBe('numerical');
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => page.getByTestId('drift-verdict').textContent(), { timeout: 15_000 }).toContain('before.csv');
  });

  it('refuses a path outside the data folders with the reason', async () => {
    await page.goto(host.pageUrl('/drift'));
    await page.getByLabel('reference path').fill('/etc/passwd');
    await page.getByLabel('current path').fill(join(data, 'after.csv'));
    await page.getByRole('button', { name: 'Use these files' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/outside drift\.dataFolders/);
  });
});
