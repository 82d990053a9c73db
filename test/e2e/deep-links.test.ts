import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { rotateToken } from '../../main/server/token';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { writeCsv } from '../helpers/dataset-files';
import { startTestHost, type TestHost } from '../helpers/running-host';
import { tempDir } from '../helpers/temp-dir';

/** Links into the UI (and the desktop notification's `#/alerts?alert=ID`) open their page on the item. */
describe('deep links in Chromium', () => {
  let host: TestHost;
  let browser: Browser;
  let page: Page;
  let alertId: number;
  let archiveId: number;
  let runId: number;
  const models = join(tempDir(), 'models');

  beforeAll(async () => {
    mkdirSync(models, { recursive: true });
    writeFileSync(join(models, 'deep-link-weights.pt'), 'weights');
    host = await startTestHost({
      uiDir: builtUiDir(),
      config: {
        monitor: { gpu: { enabled: false } },
        backup: { sources: [{ name: 'models', path: models }], destination: join(tempDir(), 'b'), schedule: { fullEveryHours: null, incrementalEveryHours: null } },
      },
    });
    // A CRITICAL alert, as a failed backup of a source raises it.
    host.app.alerts.setCondition({ rule: 'backup', resource: 'deep-link', severity: 'CRITICAL', summary: 'full backup of deep-link failed: disk gone' });
    alertId = host.app.alerts.open().find((a) => a.resource === 'deep-link')!.id;
    archiveId = (await host.app.backup.runNow())[0]!.id;
    const rows = (shift: number) => Array.from({ length: 200 }, (_, i) => [i + shift]);
    runId = (await host.app.drift.run({ reference: { path: writeCsv('deep-reference.csv', ['x'], rows(0)) }, current: { path: writeCsv('deep-current.csv', ['x'], rows(150)) }, options: {} })).id!;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(host.host.url); // the sign-in link; the links below need no token of their own
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('#/alerts?alert=ID opens the Alerts page on that alert, highlighted among the open ones', async () => {
    await page.goto(`${host.origin}/#/alerts?alert=${alertId}`);
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Alerts');
    await expect.poll(() => page.getByTestId('focused-alert').textContent()).toContain('full backup of deep-link failed: disk gone');
    await expect.poll(() => page.locator(`tr[data-alert="${alertId}"]`).getAttribute('aria-current')).toBe('true');
  });

  it('takes no token parameter in the fragment for part of the route', async () => {
    await page.goto(`${host.origin}/#/alerts?token=${host.token}&alert=${alertId}`);
    await expect.poll(() => page.getByTestId('focused-alert').textContent()).toContain('full backup of deep-link failed: disk gone');
    await page.goto(`${host.origin}/#token=${host.token}`);
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Overview');
  });

  it('says so when the alert is not known', async () => {
    await page.goto(`${host.origin}/#/alerts?alert=987654`);
    await expect.poll(() => page.getByTestId('focused-alert').textContent()).toBe('Alert #987654 is neither open nor among the last 50 in the history.');
  });

  it('#/backups?archive=ID opens that archive’s files, and names an unknown archive', async () => {
    await page.goto(`${host.origin}/#/backups?archive=${archiveId}`);
    await expect.poll(() => page.getByTestId('archive-browser').textContent()).toContain(`Files in #${archiveId}`);
    await expect.poll(() => page.getByTestId('archive-browser').textContent()).toContain('deep-link-weights.pt');
    await page.goto(`${host.origin}/#/backups?archive=4242`);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/^Archive #4242: /);
  });

  it('#/drift?run=ID opens that past run, also when the hash changes on an open page', async () => {
    await page.goto(`${host.origin}/#/overview`);
    await page.evaluate((id) => (location.hash = `#/drift?run=${id}`), runId);
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Drift');
    await expect.poll(() => page.getByTestId('drift-verdict').textContent()).toMatch(/deep-reference\.csv → \S*deep-current\.csv/);
  });

  it('an unknown page falls back to the Overview', async () => {
    await page.goto(`${host.origin}/#/nowhere?alert=${alertId}`);
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Overview');
  });

  // Last: it rotates the admin token.
  it('keeps the stored token when a link carries one the host does not know, and takes a rotated one the host accepts', async () => {
    const stored = () => page.evaluate(() => localStorage.getItem('vigil.token'));
    // Any page on the machine can open such a link: it must not log the user out.
    await page.goto(`${host.origin}/#token=${'madeUp'.repeat(8)}`);
    await page.waitForLoadState('networkidle');
    expect(await stored()).toBe(host.token);
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Overview');
    await page.goto(`${host.origin}/#/alerts?alert=${alertId}`);
    await expect.poll(() => page.getByTestId('focused-alert').textContent()).toContain('full backup of deep-link failed: disk gone');

    const rotated = rotateToken(host.dataDir, 'admin');
    // A new fragment is no page load; the reload that takes up the accepted token is.
    const reloaded = page.waitForEvent('load');
    await page.goto(`${host.origin}/#token=${rotated}`);
    await reloaded;
    expect(await stored()).toBe(rotated);
    await page.goto(`${host.origin}/#/alerts?alert=${alertId}`);
    await expect.poll(() => page.getByTestId('focused-alert').textContent()).toContain('full backup of deep-link failed: disk gone');
  });
});
