import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
        monitor: { intervalMs: 250, gpu: { enabled: false } },
        backup: { sources: [{ name: 'models', path: models }], destination: join(tempDir(), 'b'), schedule: { fullEveryHours: null, incrementalEveryHours: null } },
      },
    });
    await fetch(`${host.origin}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` }, body: JSON.stringify({ model: 'ranker', predictions: 100, errors: 40 }) });
    // The rules see the error rate on the monitor's next sample.
    for (let waited = 0; !host.app.alerts.open().some((a) => a.resource === 'ranker'); waited += 50) {
      if (waited > 10_000) throw new Error('no alert for the ranker error rate after 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    alertId = host.app.alerts.open().find((a) => a.resource === 'ranker')!.id;
    archiveId = (await host.app.backup.runNow())[0]!.id;
    const rows = (shift: number) => Array.from({ length: 200 }, (_, i) => [i + shift]);
    runId = (await host.app.drift.run({ reference: { path: writeCsv('deep-reference.csv', ['x'], rows(0)) }, current: { path: writeCsv('deep-current.csv', ['x'], rows(150)) }, options: {} })).id!;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(host.host.url); // the sign-in link sets the cookie; the links below carry no token
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('#/alerts?alert=ID opens the Alerts page on that alert, highlighted among the open ones', async () => {
    await page.goto(`${host.origin}/#/alerts?alert=${alertId}`);
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Alerts');
    await expect.poll(() => page.getByTestId('focused-alert').textContent()).toContain('ranker error rate 40.0 %');
    await expect.poll(() => page.locator(`tr[data-alert="${alertId}"]`).getAttribute('aria-current')).toBe('true');
  });

  it('ignores a token parameter in the fragment', async () => {
    await page.goto(`${host.origin}/#/alerts?token=not-a-route&alert=${alertId}`);
    await expect.poll(() => page.getByTestId('focused-alert').textContent()).toContain('ranker error rate 40.0 %');
    await page.goto(`${host.origin}/#token=not-a-route`);
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
});
