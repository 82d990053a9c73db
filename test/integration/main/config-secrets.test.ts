import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../main/app';
import { secretMask } from '../../../main/config-secrets';
import type { Config } from '../../../shared/config';
import { tempDir } from '../../helpers/temp-dir';

const saved = {
  alerts: {
    channels: [
      { name: 'hook', type: 'webhook', url: 'https://hooks.example.com/services/T000/SECRET-PATH', headers: { 'X-Api-Key': 'header-secret' } },
      { name: 'mail', type: 'email', host: 'smtp.example.com', user: 'me', pass: 'smtp-secret', from: 'vigil@example.com', to: ['me@example.com'] },
    ],
  },
  monitor: { scrape: [{ model: 'ranker', url: 'http://scraper:url-secret@10.0.0.5:9100/metrics', bearerToken: 'scrape-secret' }] },
};

describe('masked secrets', () => {
  let app: App;
  let file: string;
  const get = async () => (await app.dispatch('config.get', undefined)) as { ok: true; value: Config };
  const update = (patch: object) => app.dispatch('config.update', patch);

  beforeAll(() => {
    const dataDir = tempDir();
    file = join(dataDir, 'config.json');
    writeFileSync(file, JSON.stringify(saved));
    app = createApp({ dataDir, host: 'test', live: false });
  });
  afterAll(() => app.dispose());

  it('never leave main: passwords, webhook paths and headers, scrape tokens and URL credentials', async () => {
    const text = JSON.stringify((await get()).value);
    for (const secret of ['SECRET-PATH', 'header-secret', 'smtp-secret', 'url-secret', 'scrape-secret', 'scraper:']) expect(text).not.toContain(secret);
    expect((await get()).value.monitor.scrape[0]!.url).toBe(`http://${secretMask}@10.0.0.5:9100/metrics`);
  });

  it('come back when the masked config is saved unchanged or with other edits', async () => {
    const { value } = await get();
    const channels = value.alerts.channels.map((c) => (c.name === 'mail' ? { ...c, minSeverity: 'ERROR' } : c));
    expect((await update({ alerts: { channels }, monitor: { scrape: value.monitor.scrape } })).ok).toBe(true);
    const onDisk = readFileSync(file, 'utf8');
    for (const secret of ['SECRET-PATH', 'header-secret', 'smtp-secret', 'scraper:url-secret@', 'scrape-secret']) expect(onDisk).toContain(secret);
    expect(app.config.value.alerts.channels.find((c) => c.name === 'mail')!.minSeverity).toBe('ERROR');
  });

  it('are refused, asking for the secret again, when the type or destination changes; nothing is saved', async () => {
    const { value } = await get();
    const before = readFileSync(file, 'utf8');
    const hook = value.alerts.channels.find((c) => c.name === 'hook')!;
    const mail = value.alerts.channels.find((c) => c.name === 'mail')!;
    const others = (name: string) => value.alerts.channels.filter((c) => c.name !== name);
    const attempts: [object, RegExp][] = [
      [{ alerts: { channels: [...others('hook'), { ...hook, url: 'https://attacker.example/collect' }] } }, /hook: its webhook URL points somewhere new/],
      [{ alerts: { channels: [...others('hook'), { ...hook, url: `https://attacker.example/${secretMask}` }] } }, /hook: its webhook URL points somewhere new/],
      [{ alerts: { channels: [...others('mail'), { ...mail, host: 'smtp.attacker.example' }] } }, /mail: its SMTP host changed/],
      [{ alerts: { channels: [...others('hook'), { name: 'hook', type: 'alertmanager', url: `https://attacker.example/${secretMask}` }] } }, /hook: its type changed/],
      [{ alerts: { channels: [...value.alerts.channels, { ...mail, name: 'new-mail' }] } }, /new-mail: there is no saved channel/],
      [{ monitor: { scrape: [{ ...value.monitor.scrape[0]!, url: 'http://attacker.example/metrics' }] } }, /ranker: its URL points somewhere new/],
      [{ monitor: { scrape: [{ ...value.monitor.scrape[0]!, url: `http://${secretMask}@attacker.example/metrics` }] } }, /ranker: its URL changed/],
    ];
    for (const [patch, message] of attempts) {
      const result = await update(patch);
      expect(result.ok, JSON.stringify(patch)).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_request');
        expect(result.error.message).toMatch(message);
        expect(result.error.message).toMatch(/again/);
      }
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('may be replaced by a new secret typed in full', async () => {
    const { value } = await get();
    const hook = value.alerts.channels.find((c) => c.name === 'hook')!;
    const result = await update({ alerts: { channels: [...value.alerts.channels.filter((c) => c.name !== 'hook'), { ...hook, url: 'https://other.example/new', headers: { 'X-Api-Key': 'fresh' } }] } });
    expect(result.ok).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('https://other.example/new');
  });
});
