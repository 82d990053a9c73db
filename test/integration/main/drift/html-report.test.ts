import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDrift } from '../../../../main/drift/detect';
import { driftReportHtml, reportFileName } from '../../../../main/drift/report/html';
import { WorkerPool } from '../../../../main/workers/worker-pool';
import { defaultConfig } from '../../../../shared/config';
import type { DriftReport } from '../../../../shared/drift';
import { launchChromium } from '../../../helpers/chromium';
import { normals } from '../../../helpers/dataset-files';
import { tempDir } from '../../../helpers/temp-dir';

const evil = '<img src=x onerror=alert(1)>';
const day = 86_400_000;
const start = Date.parse('2026-10-01T00:00:00Z');

/** 40 days of rows every 10 minutes; "load" shifts from day 37 on; one column's name is markup. */
function events(): string {
  const z = normals(5);
  const lines = [`ts,load,"${evil}",region`];
  for (let t = start; t < start + 40 * day; t += 600_000) {
    const shifted = t >= start + 37 * day;
    lines.push(`${new Date(t).toISOString()},${(z() + (shifted ? 2 : 0)).toFixed(4)},${z().toFixed(4)},${['eu', 'us'][Math.floor(Math.abs(z() * 5)) % 2]}`);
  }
  const path = join(tempDir(), 'events.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('the self-contained HTML report, opened from disk in Chromium with the network blocked', () => {
  const pool = new WorkerPool('drift/drift-worker', 2);
  let browser: Browser;
  let report: DriftReport;
  let path: string;
  let source: string;

  beforeAll(async () => {
    source = events();
    report = await detectDrift({
      reference: { path: source, name: 'events.csv' },
      current: { path: source, name: 'events.csv' },
      options: { timestamp: 'ts' },
      thresholds: defaultConfig().drift,
      pool,
    });
    path = join(tempDir(), reportFileName({ ...report, id: 7 }));
    writeFileSync(path, driftReportHtml({ ...report, id: 7 }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await pool.close();
  });

  it('is named after the run and the current file', () => {
    expect(path.endsWith('drift-7-events.html')).toBe(true);
  });

  it('shows verdict, heatmap, sortable table, every distribution, inputs and thresholds, asking nothing of the network', async () => {
    const context = await browser.newContext();
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.request().url().startsWith('file:') ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => {
      problems.push(`a dialog opened: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(path).href);

    expect(await page.locator('#dataset-verdict').textContent()).toBe('Dataset not drifted: 1 of 3 tested features drifted (33 %); the rule is 50 % or more.');
    expect(await page.locator('#worst-feature').textContent()).toBe('severe drift Worst feature: "load", severe drift.');

    // Features × the seven daily chunks of the detection window, one coloured cell each.
    expect(report.windows).toHaveLength(7);
    expect(await page.locator('#heatmap rect').count()).toBe(3 * 7);
    expect(await page.locator('#heatmap rect.SEVERE_DRIFT').count()).toBeGreaterThan(0);

    // Sorting by PSI puts the rows in order of their PSI, then reverses them.
    const psiOrder = () => page.locator('#features tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.children[6]!.getAttribute('data-sort'))));
    await page.locator('#features th', { hasText: 'PSI' }).getByRole('button').click();
    expect(await page.locator('#features th', { hasText: 'PSI' }).getAttribute('aria-sort')).toBe('ascending');
    const ascending = await psiOrder();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.locator('#features th', { hasText: 'PSI' }).getByRole('button').click();
    expect(await psiOrder()).toEqual([...ascending].reverse());

    for (const f of report.features) {
      const card = page.locator(`.feature[data-feature="${f.name.replace(/"/g, '\\"')}"]`);
      expect(await card.locator('svg.distribution rect').count(), f.name).toBeGreaterThan(0);
      expect(await card.textContent()).toContain(f.recommendation);
    }
    // The markup in a column name is shown as text and never becomes an element.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#features tbody').textContent()).toContain(evil);

    const hash = createHash('sha256').update(readFileSync(source)).digest('hex');
    const inputs = await page.locator('#inputs').textContent();
    expect(inputs).toContain(hash);
    expect(inputs).toContain('2026-10-04 00:00 to 2026-11-03 00:00 UTC'); // the 30-day reference window
    expect(inputs).toContain('2026-11-03 00:00 to 2026-11-10 00:00 UTC'); // the 7-day detection window
    expect(await page.locator('#thresholds').textContent()).toContain('or PSI at least0.10.20.25');

    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(path).href]);
    await context.close();
  });

  it('declares a strict policy: nothing loads from anywhere, the inline style and script only by their hashes', () => {
    const html = readFileSync(path, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'$/);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|base)\b|<script\s/i);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});
