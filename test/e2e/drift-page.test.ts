import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { normals } from '../helpers/dataset-files';
import { startTestHost, type TestHost } from '../helpers/running-host';

const day = 86_400_000;
const start = Date.parse('2026-10-01T00:00:00Z');

/** Rows every 10 minutes from `fromDay` to `toDay`; "load" shifts from day 37 on. */
function csv(fromDay: number, toDay: number, seed: number): string {
  const z = normals(seed);
  const lines = ['ts,load,temperature,region,row'];
  for (let t = start + fromDay * day; t < start + toDay * day; t += 600_000) {
    const shifted = t >= start + 37 * day;
    lines.push(`${new Date(t).toISOString()},${(z() + (shifted ? 3 : 0)).toFixed(4)},${(20 + z()).toFixed(3)},${['eu', 'us', 'asia'][Math.floor(Math.abs(z() * 7)) % 3]},${(t - start) / 600_000}`);
  }
  return lines.join('\n');
}

async function drop(page: Page, testId: string, name: string, content: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([fileName, text]) => {
      const data = new DataTransfer();
      data.items.add(new File([text!], fileName!, { type: 'text/csv' }));
      return data;
    },
    [name, content],
  );
  await page.getByTestId(testId).dispatchEvent('drop', { dataTransfer: transfer });
}

describe('the Drift page in Chromium', () => {
  let host: TestHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    host = await startTestHost({ uiDir: builtUiDir() });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(host.pageUrl('/drift'));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('compares two dropped files: typing, heatmap by day, table, distribution and advice', async () => {
    await drop(page, 'drop-reference', 'reference.csv', csv(0, 33, 1));
    await drop(page, 'drop-current', 'current.csv', csv(33, 40, 2));
    await expect.poll(() => page.getByLabel('kind of load').inputValue()).toBe('numerical');
    expect(await page.getByLabel('kind of region').inputValue()).toBe('categorical');
    // A row number is an identifier: offered, but not tested unless a kind is chosen for it.
    expect(await page.getByLabel('kind of row').inputValue()).toBe('skip');
    // The ISO time column is offered as the timestamp.
    expect(await page.locator('.column-choice', { hasText: 'ts' }).getByRole('radio').isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => page.getByTestId('drift-verdict').textContent(), { timeout: 15_000 }).toContain('reference.csv → current.csv');
    expect(await page.getByTestId('drift-heatmap').getByRole('img').count()).toBe(1);

    const rows = page.getByTestId('drift-table').locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().locator('td').first().textContent()).toBe('load');
    expect(await rows.first().locator('[data-level]').getAttribute('data-level')).toBe('SEVERE_DRIFT');

    await rows.filter({ hasText: 'temperature' }).click();
    await expect.poll(() => page.getByTestId('feature-detail').locator('h3').textContent()).toContain('temperature');
    expect(await page.getByTestId('feature-detail').getByRole('img', { name: 'Distribution of temperature' }).count()).toBe(1);
    expect(await page.getByTestId('feature-detail').textContent()).toMatch(/"temperature" is stable|small but real change/);

    await expect.poll(() => page.getByRole('listitem').filter({ hasText: 'reference.csv → current.csv' }).count()).toBeGreaterThan(0);
  });

  it('states the dataset verdict and the worst feature apart, and exports the run as one HTML file', async () => {
    expect(await page.getByTestId('dataset-verdict').textContent()).toBe('Dataset not drifted: 1 of 3 tested features drifted (33 %); the rule is 50 % or more.');
    expect(await page.getByTestId('worst-feature').textContent()).toMatch(/Worst feature: "load", severe drift\.$/);
    const skipped = await page.getByTestId('skipped-columns').getByRole('listitem').allTextContents();
    expect(skipped.map((text) => text.split(':')[0])).toEqual(['ts (timestamp)', 'row (identifier)']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export report', exact: true }).click()]);
    const [last] = await host.app.drift.history(1);
    expect(download.suggestedFilename()).toBe(`drift-${last!.id}-current.html`);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<p class="fact" id="dataset-verdict">Dataset not drifted: 1 of 3 tested features drifted (33 %); the rule is 50 % or more.</p>');
    // Any run in the history exports the same way.
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export report of run ${last!.id}` }).click()]);
    expect(again.suggestedFilename()).toBe(download.suggestedFilename());
  });

  it('shows the heatmap cells of the report the host computed', async () => {
    const [last] = await host.app.drift.history(1);
    const report = host.app.drift.get(last!.id);
    const load = report.windows.map((w) => w.features.find((f) => f.name === 'load')!.level);
    expect(load.slice(-3)).toEqual(['SEVERE_DRIFT', 'SEVERE_DRIFT', 'SEVERE_DRIFT']);
    expect(report.timestamp?.referenceWindow).not.toBeNull();
  });

  it('shows a clear error for a bad file and keeps the page usable', async () => {
    await drop(page, 'drop-current', 'broken.csv', 'a,b\n1,2\n3\n');
    await drop(page, 'drop-reference', 'fine.csv', 'a,b\n1,2\n3,4\n');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/broken\.csv line 3: expected 2 fields/);
    await drop(page, 'drop-current', 'notes.docx', 'hello');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/notes\.docx: unsupported file type/);
  });
});
