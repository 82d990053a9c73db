import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverInterrupted } from '../../../main/backup/run-backup';
import { createBackupCatalog } from '../../../main/store/backup-catalog';
import { normals, writeCsv } from '../../helpers/dataset-files';
import { dashboardPanels, panelHasData, resolveVariables, type Dashboard, type DashboardPanel } from '../../helpers/grafana-panels';
import { startDaemon, type RunningDaemon } from '../../helpers/prometheus-server';
import { startTestHost, type TestHost } from '../../helpers/running-host';
import { tempDir } from '../../helpers/temp-dir';

// The fleet kit against the real stack: Debian's Prometheus scrapes a real Vigil host through the
// shipped scrape config (file discovery, metrics token) and evaluates the shipped rules, Debian's
// Alertmanager receives what fires, and the panels of the dashboards teams use are evaluated as
// Grafana would evaluate them.
const repo = new URL('../../../', import.meta.url).pathname;
const scrapeSeconds = 1;
const fixtures = join(repo, 'test/fixtures');
const dashboard = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Dashboard;

let host: TestHost;
let prometheus: RunningDaemon;
let alertmanager: RunningDaemon;

async function query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const url = new URL(`${prometheus.url}/api/v1/query`);
  url.searchParams.set('query', expr);
  return ((await (await fetch(url)).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
}

async function evaluate(path: string): Promise<{ panel: DashboardPanel; data: boolean }[]> {
  const board = dashboard(path);
  const values = await resolveVariables(board, prometheus.url, scrapeSeconds);
  return Promise.all(dashboardPanels(board).map(async (panel) => ({ panel, data: await panelHasData(panel, values, prometheus.url) })));
}

/** A stand-in for nvidia-smi replaying the format of two datacenter GPUs (no GPU on CI machines). */
function fakeNvidiaSmi(): string {
  const path = join(tempDir(), 'nvidia-smi');
  writeFileSync(path, `#!/bin/sh
case "$1" in
  --query-compute-apps*) cat ${fixtures}/nvidia-smi/compute-apps.csv; exit 0;;
esac
while true; do cat ${fixtures}/nvidia-smi/query-gpu-details.csv; sleep 0.5; done
`);
  chmodSync(path, 0o755);
  return path;
}

beforeAll(async () => {
  const folder = (name: string) => {
    const path = join(tempDir(), name);
    mkdirSync(path);
    writeFileSync(join(path, 'weights.pt'), 'w'.repeat(5000));
    return path;
  };
  host = await startTestHost({
    config: {
      monitor: { intervalMs: 500, gpu: { enabled: true, nvidiaSmi: fakeNvidiaSmi() } },
      backup: { sources: [{ name: 'models', path: folder('models') }, { name: 'scratch', path: folder('scratch') }], schedule: { fullEveryHours: null, incrementalEveryHours: null } },
      alerts: { channels: [{ name: 'ops-hook', type: 'webhook', url: 'http://127.0.0.1:9/hook', minSeverity: 'WARNING' }] },
    },
  });
  // Some state of each kind for the Vigil dashboard: backups (one source failing), a drift run, an alert, a model.
  await host.app.backup.runNow();
  const catalog = createBackupCatalog(host.app.db);
  catalog.begin('scratch', 'incremental', null, Date.now());
  recoverInterrupted(join(host.dataDir, 'backups'), catalog, Date.now());
  const normal = normals(5);
  await host.app.drift.run({
    reference: { path: writeCsv('last_month.csv', ['x', 'y'], Array.from({ length: 300 }, () => [normal(), normal()])) },
    current: { path: writeCsv('this_week.csv', ['x', 'y'], Array.from({ length: 300 }, () => [normal() + 2, normal() + 2])) },
    options: {},
  });
  host.app.alerts.setCondition({ rule: 'model-down', resource: 'ranker', severity: 'ERROR', summary: 'ranker stopped reporting' });
  const ingest = (body: object) => fetch(`${host.origin}/api/v1/ingest`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${host.tokens.ingest}`, 'content-type': 'application/json' } });
  await ingest({ model: 'ranker', predictions: 100, errors: 2, latency_ms: [12, 30, 45] });

  alertmanager = await startDaemon('prometheus-alertmanager', (port, data) => {
    const config = join(tempDir(), 'alertmanager.yml');
    writeFileSync(config, 'route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n');
    return [`--config.file=${config}`, `--storage.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='];
  });

  // The shipped scrape config, moved from /etc/prometheus/vigil to a temp folder, scraping every second.
  const etc = tempDir();
  cpSync(join(repo, 'contrib/prometheus'), etc, { recursive: true });
  // The team's one metrics token, placed on the box and on the monitoring host as the README says.
  const teamToken = randomBytes(32).toString('base64url');
  writeFileSync(join(host.dataDir, 'metrics-token'), teamToken + '\n', { mode: 0o600 });
  writeFileSync(join(etc, 'metrics-token'), teamToken + '\n');
  writeFileSync(join(etc, 'targets/workstations.yml'), `- targets: ["127.0.0.1:${host.host.port}"]\n  labels:\n    team: test\n`);
  const shipped = readFileSync(join(repo, 'contrib/prometheus/prometheus.yml'), 'utf8');
  const edits: [string | RegExp, string][] = [
    [/\/etc\/prometheus\/vigil\//g, `${etc}/`],
    ['scrape_interval: 15s', `scrape_interval: ${scrapeSeconds}s`],
    ['evaluation_interval: 15s', `evaluation_interval: ${scrapeSeconds}s`],
    ['localhost:9093', alertmanager.url.slice('http://'.length)],
  ];
  let config = shipped;
  for (const [from, to] of edits) {
    const next = config.replace(from, to);
    if (next === config) throw new Error(`contrib/prometheus/prometheus.yml no longer has ${String(from)}`);
    config = next;
  }
  writeFileSync(join(etc, 'prometheus.yml'), config);
  prometheus = await startDaemon('prometheus', (port, data) => [`--config.file=${join(etc, 'prometheus.yml')}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`]);

  // Enough scrapes for rate() over Grafana's $__rate_interval (4 scrape intervals).
  const deadline = Date.now() + 30_000;
  while (Number((await query('count_over_time(up{job="vigil"}[30s]) and up{job="vigil"} == 1'))[0]?.value[1] ?? 0) < 6) {
    if (Date.now() > deadline) throw new Error(`Prometheus did not scrape Vigil:\n${prometheus.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await alertmanager?.stop();
  await host?.stop();
});

describe('a fleet Prometheus scraping vigil serve', () => {
  it('Node Exporter Full (1860): every panel of the first two rows has data, and at least 60 of 125 overall', async () => {
    const panels = await evaluate(join(fixtures, 'grafana/node-exporter-full.json'));
    expect(panels).toHaveLength(125);
    const rows = [...new Set(panels.map((p) => p.panel.row))];
    const summary = rows.map((row) => {
      const inRow = panels.filter((p) => p.panel.row === row);
      return `${row}: ${inRow.filter((p) => p.data).length}/${inRow.length}`;
    });
    console.log(`Node Exporter Full panels with data: ${panels.filter((p) => p.data).length}/125\n  ${summary.join('\n  ')}`);
    for (const row of rows.slice(0, 2)) {
      expect(panels.filter((p) => p.panel.row === row && !p.data).map((p) => p.panel.title), row).toEqual([]);
    }
    expect(panels.filter((p) => p.data).length).toBeGreaterThanOrEqual(60);
  });

  it("NVIDIA's DCGM dashboard (12239): every panel has data but tensor-core activity, which needs DCGM's profiling", async () => {
    const panels = await evaluate(join(fixtures, 'grafana/dcgm-exporter-dashboard.json'));
    expect(panels.filter((p) => !p.data).map((p) => p.panel.title)).toEqual(['Tensor Core Utilization']);
  });

  it("the shipped Vigil dashboard: every panel has data", async () => {
    const panels = await evaluate(join(repo, 'contrib/grafana/vigil.json'));
    expect(panels.length).toBeGreaterThan(15);
    expect(panels.filter((p) => !p.data).map((p) => p.panel.title)).toEqual([]);
  });

  it('the shipped rules pass promtool, load cleanly, and route a box’s firing alert to Alertmanager', async () => {
    expect(execFileSync('promtool', ['check', 'rules', join(repo, 'contrib/prometheus/vigil-rules.yml')], { encoding: 'utf8' })).toMatch(/SUCCESS: \d+ rules found/);
    const rules = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as { data: { groups: { name: string; rules: { health: string; lastError?: string }[] }[] } };
    expect(rules.data.groups.map((g) => g.name)).toEqual(['vigil-machines', 'vigil-models', 'vigil-state']);
    expect(rules.data.groups.flatMap((g) => g.rules).filter((r) => r.health === 'err')).toEqual([]);
    let received: { labels: Record<string, string> }[] = [];
    const deadline = Date.now() + 20_000;
    const forwarded = () => received.find((a) => a.labels.alertname === 'VigilAlert' && a.labels.rule === 'model-down');
    while (!forwarded() && Date.now() < deadline) {
      received = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as typeof received;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const names = received.map((a) => a.labels.alertname);
    expect(forwarded()?.labels, names.join(', ')).toMatchObject({ resource: 'ranker', severity: 'error', instance: `127.0.0.1:${host.host.port}`, team: 'test' });
    // The box's own drift alert is open too, but the fleet rule DatasetDrifted speaks for it: one page, not two.
    expect(host.app.alerts.open().some((a) => a.rule === 'drift')).toBe(true);
    expect(received.filter((a) => a.labels.alertname === 'VigilAlert' && a.labels.rule === 'drift')).toEqual([]);
    expect(received.find((a) => a.labels.alertname === 'BackupFailing')?.labels, names.join(', ')).toMatchObject({ source: 'scratch' });
    expect(received.find((a) => a.labels.alertname === 'DatasetDrifted')?.labels.severity, names.join(', ')).toBe('error');
  });
});
