import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { startTestHost, type TestHost } from '../helpers/running-host';

describe('the Vigil UI in Chromium, served by the headless host', () => {
  let host: TestHost;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    host = await startTestHost({ uiDir: builtUiDir(), config: { monitor: { intervalMs: 250 } } });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
    await page.goto(host.pageUrl());
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows a live CPU value that changes, end to end over the WebSocket', async () => {
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('connected');
    const cpu = page.getByTestId('cpu-total');
    await expect.poll(() => cpu.textContent()).toMatch(/^\d+\.\d %$/);
    const time = page.getByTestId('sample-time');
    const first = await time.textContent();
    await expect.poll(() => time.textContent(), { timeout: 5000 }).not.toBe(first);
    await expect.poll(() => page.getByTestId('memory-used').textContent()).toMatch(/^\d+\.\d %$/);
  });

  it('has the final navigation, every page reachable by its link', async () => {
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toEqual(['Overview', 'Metrics', 'Drift', 'Alerts', 'Backups', 'Settings']);
    await page.getByRole('link', { name: 'Drift' }).click();
    await expect.poll(() => page.getByTestId('drop-reference').textContent()).toContain('Reference');
    await page.getByRole('link', { name: 'Backups' }).click();
    await expect.poll(() => page.getByTestId('backup-status').textContent()).toContain('Last success');
    expect(page.url()).toContain('#/backups');
  });

  it('saves a setting from the Settings page to config.json', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const interval = page.getByLabel('monitor.intervalMs', { exact: true });
    await expect.poll(() => interval.inputValue()).toBe('250');
    await interval.fill('750');
    await page.getByLabel('backup.destination', { exact: true }).fill('/mnt/nas/vigil');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('save-status').textContent()).toBe('Saved.');
    const file = JSON.parse(readFileSync(join(host.dataDir, 'config.json'), 'utf8'));
    expect(file).toEqual({ monitor: { intervalMs: 750 }, backup: { destination: '/mnt/nas/vigil' } });
    expect(host.app.config.value.monitor.intervalMs).toBe(750);
  });

  it('shows why an invalid setting was refused, and leaves the file as it was', async () => {
    const before = readFileSync(join(host.dataDir, 'config.json'), 'utf8');
    await page.getByLabel('backup.gzipLevel', { exact: true }).fill('42');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('save-status').textContent()).toMatch(/backup\.gzipLevel/);
    expect(readFileSync(join(host.dataDir, 'config.json'), 'utf8')).toBe(before);
  });

  it('ran without errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
