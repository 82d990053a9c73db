import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertEngine } from '../../../../main/alerts/alert-engine';
import { desktopNotice } from '../../../../main/alerts/desktop-notice';
import { OutboxDeliverer } from '../../../../main/alerts/outbox-deliverer';
import { createAlertsRepository } from '../../../../main/store/alerts-repository';
import { openStore } from '../../../../main/store/open';
import { Config } from '../../../../shared/config';
import type { DesktopNotice } from '../../../../shared/desktop';
import { tempDir } from '../../../helpers/temp-dir';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(alerts: object) {
  const posts: { alerts: { labels: { alertname: string; resource?: string } }[] }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      posts.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const dataDir = tempDir();
  const db = openStore(dataDir);
  closers.push(() => void db.close());
  const repository = createAlertsRepository(db);
  const config = Config.parse({ alerts: { channels: [{ name: 'hook', type: 'webhook', url }, { name: 'desktop', type: 'desktop' }], ...alerts } }).alerts;
  const clock = { now: Date.UTC(2026, 10, 30, 8, 0, 0) };
  const shown: DesktopNotice[] = [];
  const deliverer = new OutboxDeliverer({ repository, channels: () => config.channels, dataDir, now: () => clock.now, desktop: async (notices) => void shown.push(desktopNotice(notices)), onChannelHealth: () => {} });
  const engine = new AlertEngine({ repository, config: () => config, now: () => clock.now, onChange: () => {}, onQueued: () => {} });
  /** Moves the clock and runs the outbox pass a tick would. */
  const at = async (seconds: number) => {
    clock.now = Date.UTC(2026, 10, 30, 8, 0, 0) + seconds * 1000;
    await deliverer.deliverDue();
  };
  return { engine, posts, shown, at };
}

const critical = (resource: string) => ({ rule: 'backup', resource, severity: 'CRITICAL' as const, summary: `backup of ${resource} failed` });

describe('grouping: alerts that fire within the window go to each channel as one notification', () => {
  it('three alerts within 10 s are one webhook post and one desktop notification saying how many; a later one goes alone', async () => {
    const { engine, posts, shown, at } = await setup({});
    await at(0);
    engine.setCondition(critical('models'));
    await at(3);
    engine.setCondition(critical('data'));
    await at(6);
    engine.setCondition(critical('config'));
    await at(9.9);
    expect(posts).toEqual([]);
    await at(10);
    expect(posts.map((p) => p.alerts.map((a) => a.labels.resource))).toEqual([['models', 'data', 'config']]);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ severity: 'CRITICAL', title: 'Vigil: 3 alerts' });
    expect(shown[0]!.body.split('\n')).toEqual(['CRITICAL backup of models failed', 'CRITICAL backup of data failed', 'CRITICAL backup of config failed']);

    await at(30);
    engine.setCondition(critical('logs'));
    await at(40);
    expect(posts.map((p) => p.alerts.length)).toEqual([3, 1]);
    expect(shown.map((s) => s.title)).toEqual(['Vigil: 3 alerts', 'Vigil: backup of logs failed']);
  });

  it('the window is configurable; 0 sends each at once', async () => {
    const { engine, posts, at } = await setup({ groupWaitSeconds: 0 });
    await at(0);
    engine.setCondition(critical('models'));
    await at(0);
    engine.setCondition(critical('data'));
    await at(0);
    expect(posts.map((p) => p.alerts.length)).toEqual([1, 1]);
  });
});
