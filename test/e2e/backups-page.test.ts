import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { startTestHost, type TestHost } from '../helpers/running-host';
import { tempDir } from '../helpers/temp-dir';

describe('the Backups page in Chromium', () => {
  let host: TestHost;
  let browser: Browser;
  let page: Page;
  const models = join(tempDir(), 'models');

  beforeAll(async () => {
    mkdirSync(join(models, 'ckpt'), { recursive: true });
    writeFileSync(join(models, 'ckpt/best.pt'), Buffer.alloc(20 * 1024 * 1024, 1));
    writeFileSync(join(models, 'ckpt/last.pt'), 'last');
    // No schedule: the test runs the backups itself.
    host = await startTestHost({
      uiDir: builtUiDir(),
      config: {
        monitor: { gpu: { enabled: false } },
        backup: { sources: [{ name: 'models', path: models }], destination: join(tempDir(), 'b'), schedule: { fullEveryHours: null, incrementalEveryHours: null } },
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(host.pageUrl('/backups'));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('runs a backup with live progress, browses it, and restores one ticked file', async () => {
    const phases: string[] = [];
    host.app.events.on('backup.progress', (p) => phases.push(p.phase));
    await page.getByRole('button', { name: 'Run full backup' }).click();
    await expect.poll(() => page.getByTestId('backup-message').textContent(), { timeout: 15_000 }).toMatch(/full backup done: models #\d+, 2 files/);
    expect(phases).toContain('archiving');
    expect(phases.at(-1)).toBe('done');
    await expect.poll(() => page.getByTestId('archives').locator('tr').count()).toBe(1);
    expect(await page.getByTestId('archives').textContent()).toMatch(/full.*2 files.*frees/);

    writeFileSync(join(models, 'ckpt/best.pt'), 'ruined by a bad experiment');
    await page.getByTestId('archives').getByRole('button', { name: 'Browse' }).click();
    await page.getByLabel('Search files').fill('best');
    const row = page.getByTestId('archive-browser').getByRole('listitem');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('checkbox').check();
    const to = join(tempDir(), 'restored');
    await page.getByLabel('Restore to folder').fill(to);
    await page.getByRole('button', { name: 'Restore to that folder' }).click();
    await expect.poll(() => page.getByTestId('backup-message').textContent()).toBe(`Restored 1 file into ${to}.`);
    expect(readFileSync(join(to, 'ckpt/best.pt')).length).toBe(20 * 1024 * 1024);
    expect(existsSync(join(to, 'ckpt/last.pt'))).toBe(false);

    await page.getByRole('button', { name: 'Restore 1 ticked to the original place' }).click();
    await expect.poll(() => readFileSync(join(models, 'ckpt/best.pt')).length).toBe(20 * 1024 * 1024);
    expect(readFileSync(join(models, 'ckpt/last.pt'), 'utf8')).toBe('last');
  });

  it('verify now reports every archive intact', async () => {
    await page.getByRole('button', { name: 'Verify now' }).click();
    await expect.poll(() => page.getByTestId('backup-message').textContent()).toBe('All 1 archives verified.');
  });
});
