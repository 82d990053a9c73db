import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtUiDir } from '../helpers/built-ui';
import { launchChromium } from '../helpers/chromium';
import { startTestHost, type TestHost } from '../helpers/running-host';

describe('the Alerts page in Chromium', () => {
  let host: TestHost;
  let browser: Browser;
  let page: Page;
  let hook: Server;
  const hookBodies: unknown[] = [];

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => (hookBodies.push(JSON.parse(body)), res.writeHead(204).end()));
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    host = await startTestHost({
      uiDir: builtUiDir(),
      config: {
        monitor: { intervalMs: 250, gpu: { enabled: false }, modelQuietSeconds: 2 },
        // Delivery shows on the page at once rather than after the 10-second grouping window.
        alerts: { groupWaitSeconds: 0, channels: [{ name: 'team', type: 'webhook', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/x`, format: 'slack' }] },
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(host.pageUrl());
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    hook?.close();
  });

  const ingest = (body: object) =>
    fetch(`${host.origin}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${host.tokens.ingest}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('an alert raised by a high error rate appears, is acknowledged, and resolves', async () => {
    await ingest({ model: 'churn', predictions: 100, errors: 25 });
    await expect.poll(() => page.getByTestId('active-alerts').textContent(), { timeout: 5000 }).toContain('churn error rate 25.0 %');

    await page.getByRole('link', { name: 'Alerts' }).click();
    const row = page.getByTestId('open-alerts').locator('tr', { hasText: 'churn error rate' });
    await expect.poll(() => row.locator('[data-severity]').getAttribute('data-severity')).toBe('CRITICAL');
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => row.textContent()).toContain('acknowledged');
    expect((await host.app.alerts.open()).find((a) => a.resource === 'churn')!.acknowledgedAt).not.toBeNull();

    await ingest({ model: 'churn', predictions: 100_000, errors: 0 });
    await expect.poll(() => page.getByTestId('open-alerts').textContent(), { timeout: 5000 }).not.toContain('churn error rate');
    await expect.poll(() => page.getByTestId('alert-timeline').textContent()).toMatch(/churn error rate 25\.0 %: firing → resolved/);
    await expect.poll(() => page.getByTestId('deliveries').textContent()).toMatch(/team.*firing: churn error rate 25\.0 %.*delivered/);
  });

  it('sends a test notification from the channel list and shows it was delivered', async () => {
    const before = hookBodies.length;
    await page.getByTestId('channels').locator('tr', { hasText: 'team' }).getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => page.getByTestId('test-team').textContent()).toBe('delivered');
    expect(hookBodies.length).toBe(before + 1);
    // A notice still queued for the channel (the resolved one above) may ride in the same batch.
    expect((hookBodies.at(-1) as { text: string }).text.split('\n')).toContain('[Vigil] TEST: test notification to team');
  });

  it('says no escalation channel exists, and adds one through a form whose messages name the field; its test reaches the receiver', async () => {
    const notice = page.getByTestId('no-escalation');
    await expect.poll(() => notice.textContent()).toContain('No escalation channel');
    await notice.getByRole('button', { name: 'Add an escalation channel' }).click();
    const form = page.getByTestId('channel-form');
    expect(await form.getByLabel('Kind').inputValue()).toBe('email');
    expect(await form.getByLabel('Receives escalations (unacknowledged CRITICAL)').isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Save channel' }).click();
    await expect.poll(() => form.textContent()).toContain('Name: required');
    expect(await form.textContent()).toContain('SMTP host: required');
    expect(await form.textContent()).toContain('From: required');

    await form.getByLabel('Kind').selectOption('slack');
    await form.getByLabel('Name').fill('on call');
    await expect.poll(() => form.textContent()).toMatch(/Name: letters, digits/);
    await form.getByLabel('Name').fill('oncall');
    await form.getByLabel('URL').fill('not a url');
    await expect.poll(() => form.textContent()).toMatch(/URL: /);
    await form.getByLabel('URL').fill(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/oncall`);
    await form.getByRole('button', { name: 'Save channel' }).click();

    const row = page.getByTestId('channels').locator('tr', { hasText: 'oncall' });
    await expect.poll(() => row.textContent()).toContain('Slack');
    await expect.poll(() => page.getByTestId('no-escalation').count()).toBe(0);
    expect(host.app.config.value.alerts.channels.find((c) => c.name === 'oncall')).toMatchObject({ type: 'webhook', format: 'slack', escalation: true });

    const before = hookBodies.length;
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => page.getByTestId('test-oncall').textContent()).toBe('delivered');
    expect(hookBodies.slice(before).some((b) => (b as { text: string }).text.includes('[Vigil] TEST: test notification to oncall'))).toBe(true);
  });

  it('edits a channel without retyping its secret URL, and removes it after asking', async () => {
    const url = host.app.config.value.alerts.channels.find((c) => c.name === 'oncall')!;
    const row = page.getByTestId('channels').locator('tr', { hasText: 'oncall' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByTestId('channel-form');
    expect(await form.getByLabel('URL').inputValue()).toMatch(/\/••••••••$/);
    await form.getByLabel('Lowest severity').selectOption('CRITICAL');
    await form.getByRole('button', { name: 'Save channel' }).click();
    await expect.poll(() => row.textContent()).toContain('from CRITICAL');
    expect(host.app.config.value.alerts.channels.find((c) => c.name === 'oncall')).toEqual({ ...url, minSeverity: 'CRITICAL' });

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(host.app.config.value.alerts.channels.map((c) => c.name)).toEqual(['team']);
    await expect.poll(() => page.getByTestId('no-escalation').count()).toBe(1);
  });

  it('a silence shows the open alerts it would match before it is saved, by exact name or glob, never by substring', async () => {
    await ingest({ model: 'fraud-v2', predictions: 100, errors: 40 });
    const silences = page.getByTestId('silences');
    await expect.poll(() => page.getByTestId('open-alerts').textContent(), { timeout: 5000 }).toContain('fraud-v2 error rate');
    await silences.getByLabel('Silence resource').fill('fraud');
    await expect.poll(() => page.getByTestId('silence-preview').textContent()).toContain('Matches 0 open alerts now');
    await silences.getByLabel('Silence resource').fill('fraud-*');
    await silences.getByLabel('Silence rule').fill('model-error-rate');
    await expect.poll(() => page.getByTestId('silence-preview').textContent()).toContain('Matches 1 open alert now: fraud-v2 error rate 40.0 %');
    await silences.getByLabel('Silence minutes').fill('0');
    await expect.poll(() => silences.textContent()).toContain('For (minutes): a number of minutes above 0');
    await silences.getByLabel('Silence minutes').fill('30');
    await silences.getByRole('button', { name: 'Save silence' }).click();
    await expect.poll(() => page.getByTestId('active-silences').textContent()).toContain('fraud-*');
    expect(host.app.alerts.silences()).toMatchObject([{ rule: 'model-error-rate', resource: 'fraud-*' }]);
  });

  it('a run that ends shows as an event on the Overview; a service that stops is one model-down alert the user can remove', async () => {
    await ingest({ model: 'nightly-train', kind: 'run', gauges: { loss: 0.4 } });
    await ingest({ model: 'scorer', kind: 'service', expectedIntervalSeconds: 1, predictions: 10 });
    const row = page.getByTestId('open-alerts').locator('tr', { hasText: 'scorer stopped reporting' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByRole('button', { name: 'Remove model' }).click();
    await expect.poll(() => page.getByTestId('open-alerts').textContent()).not.toContain('scorer stopped reporting');
    expect(host.app.alerts.history({ rule: 'model-down', resource: 'scorer' })[0]!.alert.state).toBe('resolved');

    await page.getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => page.getByTestId('model-events').textContent(), { timeout: 10_000 }).toContain('run nightly-train finished');
    expect(host.app.alerts.history({ rule: 'no-data' })).toEqual([]);
  });

  it('edits the threshold rules by name and unit; a wrong value is refused with the field named', async () => {
    await page.getByRole('link', { name: 'Alerts' }).click();
    const rules = page.getByTestId('rules');
    await rules.getByLabel('CPU usage % warning').fill('99');
    await expect.poll(() => page.getByTestId('rule-errors').textContent()).toContain('CPU usage % warning: must not be above critical (95)');
    await rules.getByLabel('Model p95 latency ms critical').fill('');
    await expect.poll(() => page.getByTestId('rule-errors').textContent()).toContain('Model p95 latency ms critical: a number');
    expect(await rules.getByRole('button', { name: 'Save rules' }).isDisabled()).toBe(true);
    await rules.getByLabel('Model p95 latency ms critical').fill('3000');
    await rules.getByLabel('CPU usage % warning').fill('70');
    await rules.getByLabel('Disk used % hold time').fill('120');
    await rules.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => rules.getByRole('status').textContent()).toBe('Saved.');
    expect(host.app.config.value.alerts.thresholds.cpuPercent).toEqual({ warning: 70, critical: 95 });
    expect(host.app.config.value.alerts.thresholds.modelLatencyMs).toEqual({ warning: 1000, critical: 3000 });
    expect(host.app.config.value.alerts.forSeconds.disk).toBe(120);
  });

  it('adds an action in a form; in the browser a command is shown read-only, to be set in config.json or the desktop app', async () => {
    const card = page.getByTestId('actions');
    await card.getByRole('button', { name: 'Add an action' }).click();
    const form = page.getByTestId('action-form');
    await form.getByRole('button', { name: 'Save action' }).click();
    await expect.poll(() => form.textContent()).toContain('Name: required');
    await form.getByLabel('What to do').selectOption('command');
    expect(await form.getByLabel('Program and arguments').getAttribute('readonly')).not.toBeNull();
    expect(await form.textContent()).toContain('set in config.json or the desktop app');
    await form.getByLabel('What to do').selectOption('log_warning');
    await form.getByLabel('Name').fill('note-disk');
    await form.getByLabel('Which alerts').selectOption('disk');
    await form.getByLabel('Cooldown (minutes)').fill('-1');
    await expect.poll(() => form.textContent()).toMatch(/Cooldown \(minutes\): /);
    await form.getByLabel('Cooldown (minutes)').fill('30');
    await form.getByRole('button', { name: 'Save action' }).click();
    await expect.poll(() => card.locator('tr', { hasText: 'note-disk' }).textContent()).toContain('Disk used, from WARNING, when it fires');
    expect(host.app.config.value.alerts.actions).toMatchObject([{ name: 'note-disk', action: 'log_warning', when: { rule: 'disk', minSeverity: 'WARNING', state: 'firing' }, cooldownMinutes: 30 }]);
  });

  it('Settings keeps the rest of the config, labelled in words with the key shown small, and leaves rules, channels and actions to the Alerts page', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const field = page.locator('label.field', { has: page.getByLabel('alerts.groupWaitSeconds', { exact: true }) });
    await expect.poll(() => field.locator('span').first().textContent()).toBe('Group notifications within (seconds) alerts.groupWaitSeconds');
    expect(await field.locator('.key').textContent()).toBe('alerts.groupWaitSeconds');
    expect(await page.locator('legend').allTextContents()).toEqual(['Monitoring', 'Drift detection', 'Alerts', 'Backups', 'Headless host (vigil serve)', 'Desktop app']);
    expect(await page.getByLabel('alerts.thresholds.cpuPercent.warning', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('alerts.channels', { exact: true }).count()).toBe(0);
  });
});
