import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../../main/app';
import { runVigil } from '../../../helpers/run-cli';
import { tempDir } from '../../../helpers/temp-dir';

function dataDirWith(channels: object[]): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ alerts: { channels } }));
  return dir;
}

describe('vigil alerts', () => {
  it('list shows open alerts worst first; ack acknowledges one', async () => {
    const dataDir = dataDirWith([{ name: 'log', type: 'log' }]);
    const app = createApp({ dataDir, host: 'test', live: false });
    app.alerts.setCondition({ rule: 'drift', resource: 'week.csv', severity: 'WARNING', summary: 'week.csv drifted' });
    app.alerts.observe([['model.error_rate{ranker}', 30]]);
    await app.dispose();

    const list = await runVigil(['--data-dir', dataDir, 'alerts', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^#\d+ {2}CRITICAL firing {2}ranker error rate 30\.0 %/);
    expect(list.stdout.split('\n')[1]).toMatch(/WARNING {2}firing {2}week\.csv drifted/);
    const json = JSON.parse((await runVigil(['--data-dir', dataDir, 'alerts', 'list', '--json'])).stdout);
    const id = json[0].id;

    expect(await runVigil(['--data-dir', dataDir, 'alerts', 'ack', String(id)])).toMatchObject({ status: 0, stdout: `acknowledged #${id}: ranker error rate 30.0 %\n` });
    expect((await runVigil(['--data-dir', dataDir, 'alerts', 'list'])).stdout).toMatch(/ranker error rate 30\.0 %.*acknowledged/);
    const missing = await runVigil(['--data-dir', dataDir, 'alerts', 'ack', '424242']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no alert 424242/);
    expect((await runVigil(['--data-dir', dataDir, 'alerts', 'ack'])).status).toBe(2);
  });

  it('test exits 0 once delivered, 1 with the reason when delivery fails', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url!);
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const ok = await runVigil(['--data-dir', dataDirWith([{ name: 'hook', type: 'webhook', url: `http://127.0.0.1:${port}/in` }]), 'alerts', 'test', '--channel', 'hook']);
      expect(ok).toMatchObject({ status: 0, stdout: 'delivered a test notification to hook after 1 attempt\n' });
      expect(hits).toEqual(['/in']);
    } finally {
      server.close();
    }
    const failed = await runVigil(['--data-dir', dataDirWith([{ name: 'dead', type: 'webhook', url: 'http://127.0.0.1:9/in' }]), 'alerts', 'test', '--channel', 'dead', '--timeout', '2']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/the test notification to dead was not delivered within 2 s \(\d attempts?\): .*(ECONNREFUSED|fetch failed)/);
  });

  it('test names an unknown channel', async () => {
    const result = await runVigil(['--data-dir', dataDirWith([]), 'alerts', 'test', '--channel', 'nope']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no channel named nope/);
  });
});
