import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import parsePrometheus, { type MetricFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverInterrupted } from '../../../../main/backup/run-backup';
import { createBackupCatalog } from '../../../../main/store/backup-catalog';
import { normals, writeCsv } from '../../../helpers/dataset-files';
import { startTestHost, type TestHost } from '../../../helpers/running-host';
import { tempDir } from '../../../helpers/temp-dir';

describe("Vigil's own state on /metrics", () => {
  let host: TestHost;
  let families = new Map<string, MetricFamily>();
  let text = '';
  const series = (name: string) => families.get(name)?.metrics ?? [];
  const valueOf = (name: string, labels: Record<string, string>) =>
    Number(series(name).find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value);

  beforeAll(async () => {
    const folder = (name: string) => {
      const path = join(tempDir(), name);
      mkdirSync(path);
      writeFileSync(join(path, 'ranker.pt'), 'weights'.repeat(1000));
      return path;
    };
    host = await startTestHost({
      config: {
        monitor: { intervalMs: 200, gpu: { enabled: false } },
        backup: { sources: [{ name: 'models', path: folder('models') }, { name: 'scratch', path: folder('scratch') }], schedule: { fullEveryHours: null, incrementalEveryHours: null } },
        // Nothing listens on port 9 of the loopback: the webhook's notifications stay queued for retry.
        alerts: { channels: [{ name: 'ops-hook', type: 'webhook', url: 'http://127.0.0.1:9/hook', minSeverity: 'WARNING' }] },
      },
    });
    await host.app.backup.runNow();
    // A backup of scratch dies with the process; the next start finds it interrupted and marks it failed.
    const catalog = createBackupCatalog(host.app.db);
    catalog.begin('scratch', 'incremental', null, Date.now());
    recoverInterrupted(join(host.dataDir, 'backups'), catalog, Date.now());
    await host.app.backup.run('incremental', 'models');
    const normal = normals(17);
    const reference = writeCsv('reference.csv', ['a', 'b'], Array.from({ length: 400 }, () => [normal(), normal()]));
    const current = writeCsv('this_week.csv', ['a', 'b'], Array.from({ length: 400 }, () => [normal() + 3, normal()]));
    await host.app.drift.run({ reference: { path: reference }, current: { path: current }, options: {} });
    // Two drift watches: one whose feed drifted, one whose feed cannot be read.
    const broken = join(tempDir(), 'broken.csv');
    writeFileSync(broken, 'a,b\n"1,2\n');
    for (const [name, watched] of [['scores', current], ['gone', broken]]) {
      await host.app.dispatch('drift.watches.add', { name, reference: { path: reference }, current: watched, intervalMinutes: 60, onChange: false });
      await host.app.dispatch('drift.watches.run', { watch: name });
    }
    host.app.alerts.setCondition({ rule: 'disk', resource: '/data', severity: 'CRITICAL', summary: 'disk /data at 97 %' });
    await host.app.monitor.sample();
    // The outbox takes a notification once the alert fires; scrape until it shows.
    for (let tries = 0; tries < 50 && series('vigil_notifications_queued').length === 0; tries++) {
      text = await (await fetch(`${host.origin}/metrics`, { headers: { authorization: `Bearer ${host.tokens.metrics}` } })).text();
      families = new Map(parsePrometheus(text).map((f) => [f.name, f]));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(() => host.stop());

  it('lists open alerts like ALERTS, and counts them by severity', () => {
    expect(series('vigil_alerts')).toContainEqual({ labels: { alertname: 'disk', alertstate: expect.stringMatching(/^(pending|firing)$/), severity: 'CRITICAL', resource: '/data' }, value: '1' });
    expect(valueOf('vigil_alerts_open', { severity: 'CRITICAL' })).toBeGreaterThanOrEqual(1);
    expect(series('vigil_alerts_open').map((m) => m.labels!.severity).sort()).toEqual(['CRITICAL', 'ERROR', 'INFO', 'WARNING']);
  });

  it('reports notifications per channel', () => {
    expect(valueOf('vigil_notifications_queued', { channel: 'ops-hook' })).toBeGreaterThanOrEqual(1);
    expect(families.get('vigil_notifications_failed_total')!.type).toBe('COUNTER');
  });

  it('reports each backup source: last success, its duration and size, and failures', () => {
    expect(valueOf('vigil_backup_last_success_timestamp_seconds', { source: 'models' }) * 1000).toBeGreaterThan(Date.now() - 60_000);
    expect(valueOf('vigil_backup_last_size_bytes', { source: 'models' })).toBeGreaterThan(0);
    expect(valueOf('vigil_backup_last_duration_seconds', { source: 'models' })).toBeGreaterThanOrEqual(0);
    expect(valueOf('vigil_backup_failures_since_success', { source: 'models' })).toBe(0);
    expect(valueOf('vigil_backup_failures', { source: 'scratch' })).toBe(1);
    expect(valueOf('vigil_backup_failures_since_success', { source: 'scratch' })).toBe(1);
    expect(valueOf('vigil_backup_last_success_timestamp_seconds', { source: 'scratch' })).toBeLessThanOrEqual(valueOf('vigil_backup_last_success_timestamp_seconds', { source: 'models' }));
  });

  it('reports the drift level and drifted share of the last run per dataset', () => {
    const [run] = series('vigil_drift_level');
    expect(run!.labels!.dataset).toMatch(/this_week\.csv$/); // the dataset as the Drift page names it
    expect(run!.value).toBe('3');
    expect(valueOf('vigil_drift_drifted_share', { dataset: run!.labels!.dataset! })).toBe(0.5);
  });

  it('reports each drift watch: its last result, when it last checked, and whether that worked', () => {
    expect(valueOf('vigil_drift_watch_share_drifted', { watch: 'scores' })).toBe(0.5);
    expect(valueOf('vigil_drift_watch_level', { watch: 'scores' })).toBe(3);
    expect(valueOf('vigil_drift_watch_up', { watch: 'scores' })).toBe(1);
    expect(valueOf('vigil_drift_watch_up', { watch: 'gone' })).toBe(0);
    expect(valueOf('vigil_drift_watch_last_run_timestamp_seconds', { watch: 'gone' }) * 1000).toBeGreaterThan(Date.now() - 60_000);
    expect(series('vigil_drift_watch_share_drifted').map((m) => m.labels!.watch)).toEqual(['scores']);
    // The watch's runs are its own series, not one more dataset each.
    expect(series('vigil_drift_level')).toHaveLength(1);
  });

  it('reports each collector’s health', () => {
    expect(valueOf('vigil_collector_up', { collector: 'cpu' })).toBe(1);
    expect(valueOf('vigil_collector_last_success_timestamp_seconds', { collector: 'cpu' }) * 1000).toBeGreaterThan(Date.now() - 60_000);
  });

  it('the whole /metrics passes promtool check metrics, apart from what it says of node_exporter’s own names', () => {
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const inherited = [
      /^node_(memory|netstat|sockstat)_\w+ metric names should be written in 'snake_case' not 'camelCase'$/,
      /^node_entropy_(available|pool_size)_bits use base unit "bytes" instead of "bits"$/,
    ];
    const problems = (check.stdout + check.stderr).split('\n').filter((p) => p && !inherited.some((r) => r.test(p)));
    expect(problems).toEqual([]);
    expect(families.get('process_cpu_seconds_total')!.type).toBe('COUNTER');
    expect(Number(families.get('process_open_fds')!.metrics[0]!.value)).toBeGreaterThan(0);
    expect(Number(families.get('process_max_fds')!.metrics[0]!.value)).toBeGreaterThanOrEqual(Number(families.get('process_open_fds')!.metrics[0]!.value));
  });
});
