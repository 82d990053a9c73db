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
  const restores = tempDir(); // backup.restoreFolders: where the browser may restore to another folder

  beforeAll(async () => {
    mkdirSync(join(models, 'ckpt'), { recursive: true });
    writeFileSync(join(models, 'ckpt/best.pt'), Buffer.alloc(20 * 1024 * 1024, 1));
    writeFileSync(join(models, 'ckpt/last.pt'), 'last');
    // No schedule: the test runs the backups itself.
    host = await startTestHost({
      uiDir: builtUiDir(),
      config: {
        monitor: { gpu: { enabled: false } },
        backup: { sources: [{ name: 'models', path: models }], destination: join(tempDir(), 'b'), restoreFolders: [restores], schedule: { fullEveryHours: null, incrementalEveryHours: null } },
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
    const to = join(restores, 'restored');
    await page.getByLabel('Restore to folder').fill(to);
    await page.getByRole('button', { name: 'Restore to that folder' }).click();
    await expect.poll(() => page.getByTestId('backup-message').textContent(), { timeout: 15_000 }).toBe(`Restored 1 file into ${to}.`);
    expect(readFileSync(join(to, 'ckpt/best.pt')).length).toBe(20 * 1024 * 1024);
    expect(existsSync(join(to, 'ckpt/last.pt'))).toBe(false);

    await page.getByRole('button', { name: 'Restore 1 ticked to the original place' }).click();
    await expect.poll(() => readFileSync(join(models, 'ckpt/best.pt')).length, { timeout: 15_000 }).toBe(20 * 1024 * 1024);
    expect(readFileSync(join(models, 'ckpt/last.pt'), 'utf8')).toBe('last');
  });

  it('verify now reports every archive intact', async () => {
    await page.getByRole('button', { name: 'Verify now' }).click();
    await expect.poll(() => page.getByTestId('backup-message').textContent(), { timeout: 15_000 }).toBe('All 1 archives verified.');
  });

  it('shows the policy and the space used; prune now previews what goes and what it frees, then deletes it', async () => {
    await page.getByRole('button', { name: 'Run full backup' }).click();
    await expect.poll(() => page.getByTestId('archives').locator('tr').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByTestId('backup-policy').textContent()).toMatch(/Keeping the newest 7 chains and at most 30 incrementals.*Archives use [\d.]+ KiB, [\d.]+ [KMGT]iB free/);
    await page.getByRole('button', { name: 'Prune now…' }).click();
    await expect.poll(() => page.getByTestId('prune-preview').textContent()).toBe('Nothing to prune: every archive is within the policy.');

    // The policy tightens: one chain kept. Nothing goes until the user confirms the preview.
    await host.app.dispatch('config.update', { backup: { retention: { fulls: 1 } } });
    const [first] = host.app.backup.list();
    await page.getByRole('button', { name: 'Prune now…' }).click();
    await expect.poll(() => page.getByTestId('prune-preview').textContent()).toMatch(new RegExp(`^Would delete #${first!.id}, freeing [\\d.]+ KiB\\.`));
    expect(host.app.backup.list().map((a) => a.id)).toContain(first!.id);
    await page.getByRole('button', { name: 'Delete 1 archive' }).click();
    await expect.poll(() => page.getByTestId('backup-message').textContent()).toMatch(/^Deleted 1 archive, freeing [\d.]+ KiB\.$/);
    expect(host.app.backup.list().map((a) => a.id)).not.toContain(first!.id);
    await expect.poll(() => page.getByTestId('archives').locator('tr').count()).toBe(1);
  });

  it('lists what is protected; adds a folder checked by the host, with presets; edits and removes it', async () => {
    const sources = page.getByTestId('backup-sources');
    await expect.poll(() => sources.locator('tr[data-source="models"]').textContent()).toMatch(new RegExp(`^models${models}[\\d.]+ (B|KiB|MiB)2#\\d+ full`));
    const notebooks = join(tempDir(), 'notebooks');
    await page.getByRole('button', { name: 'Add a folder' }).click();
    await page.getByLabel('Folder path').fill(notebooks);
    await page.getByRole('button', { name: 'Protect this folder' }).click();
    await expect.poll(() => page.getByTestId('folder-problem').textContent()).toBe(`folder not found: ${notebooks}`);
    expect(host.app.config.value.backup.sources.map((s) => s.name)).toEqual(['models']);

    mkdirSync(notebooks);
    await page.getByLabel('Python caches').check();
    await page.getByLabel('Notebook checkpoints').check();
    await page.getByRole('button', { name: 'Protect this folder' }).click();
    await expect.poll(() => sources.locator('tr[data-source="notebooks"]').textContent()).toMatch(/never/);
    expect(host.app.config.value.backup.sources.at(-1)).toEqual({ name: 'notebooks', path: notebooks, exclude: ['__pycache__', '*.pyc', '.ipynb_checkpoints'] });

    await sources.locator('tr[data-source="notebooks"]').getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('wandb runs').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => host.app.config.value.backup.sources.at(-1)?.exclude).toEqual(['__pycache__', '*.pyc', '.ipynb_checkpoints', 'wandb']);

    await sources.locator('tr[data-source="notebooks"]').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => sources.locator('tr[data-source="notebooks"]').count()).toBe(0);
    expect(host.app.config.value.backup.sources.map((s) => s.name)).toEqual(['models']);
  });
});

describe('the Backups page on a machine without the default folders', () => {
  it('says nothing is protected and asks which folders to protect', async () => {
    const host = await startTestHost({
      uiDir: builtUiDir(),
      config: { monitor: { gpu: { enabled: false } }, backup: { sources: [{ name: 'models', path: '/nonexistent/models' }, { name: 'data', path: '/nonexistent/data' }], destination: join(tempDir(), 'b') } },
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(host.pageUrl('/backups'));
      await expect.poll(() => page.getByTestId('choose-folders').textContent()).toMatch(/None of the folders set up to be backed up exists on this machine: nothing is\s+protected yet\. Choose the folders to protect\./);
      expect(await page.getByTestId('backup-sources').locator('tr[data-source="models"]').textContent()).toContain('/nonexistent/models · folder not found');
      expect(host.app.backup.list()).toEqual([]);
    } finally {
      await browser.close();
      await host.stop();
    }
  });
});
