import type { AppInfo } from '../shared/contract';
import { EventHub } from '../shared/event-hub';
import { createDispatch, createHandlers, type Dispatch } from './api';
import { Alerts } from './alerts/alerts';
import { BackupEngine } from './backup/backup-engine';
import { createBackupCatalog } from './store/backup-catalog';
import { ConfigFile } from './config';
import { redactSecrets, restoreSecrets } from './config-secrets';
import { createAlertsRepository } from './store/alerts-repository';
import type { DesktopNotice } from '../shared/desktop';
import { levelRank } from '../shared/drift';
import { DriftEngine } from './drift/drift-engine';
import { anomalyCondition, GpuMemoryAlerts, TimeToFullAlerts } from './alerts/foresight-rules';
import { mountContaining, type Outlook } from '../shared/foresight';
import { UploadFolder } from './drift/upload-folder';
import type { MonitorSample } from '../shared/monitor';
import { hardwareInventory } from './monitor/hardware';
import { Monitor } from './monitor/monitor';
import { createMetricStore } from './store/metric-store';
import { createDriftRunRepository } from './store/drift-runs';
import { createMetaRepository } from './store/meta';
import { openStore, type Db } from './store/open';
import { join } from 'node:path';
import packageJson from '../package.json' with { type: 'json' };

export const version: string = packageJson.version;

export interface AppOptions {
  dataDir: string;
  host: AppInfo['host'];
  /** Start the samplers and timers (false for one-shot CLI commands). */
  live?: boolean;
  /** The clock, for tests that move time. */
  now?: () => number;
  /** The desktop channel's port: Electron's tray notifications. Without it, browsers get `alert.notify` events. */
  desktopNotify?: (notice: DesktopNotice) => void;
}

/** Largest dataset a browser may upload to the headless host. */
export const maxUploadBytes = 4 * 1024 ** 3;
const uploadLifetimeMs = 24 * 3_600_000;

export interface App {
  readonly dataDir: string;
  readonly drift: DriftEngine;
  readonly monitor: Monitor;
  readonly alerts: Alerts;
  readonly backup: BackupEngine;
  readonly uploads: UploadFolder;
  readonly config: ConfigFile;
  readonly db: Db;
  readonly events: EventHub;
  readonly dispatch: Dispatch;
  dispose(): Promise<void>;
}

/** The composition root: config → store → engines → Api handlers. Every host builds one of these. */
export function createApp(options: AppOptions): App {
  const startedAt = Date.now();
  const config = ConfigFile.load(options.dataDir);
  const db = openStore(options.dataDir);
  const firstStartedAt = Number(createMetaRepository(db).remember('firstStartedAt', String(startedAt)));
  const events = new EventHub();

  const alerts = new Alerts({
    db,
    repository: createAlertsRepository(db),
    // Automatic actions reach other engines only through these functions (called after start-up).
    actions: {
      triggerBackup: async () => {
        const records = await backup.runNow();
        return `backup: ${records.map((r) => `${r.source} #${r.id} (${r.kind}, ${r.files} files)`).join(', ') || 'no source to back up'}`;
      },
      runDriftCheck: async (reference, current) => {
        const report = await drift.run({ reference: { path: reference }, current: { path: current }, options: {} });
        return `drift check #${report.id}: ${report.dataset.level}, ${report.dataset.driftedCount} of ${report.dataset.featureCount} features drifted`;
      },
    },
    config: () => config.value.alerts,
    dataDir: options.dataDir,
    now: options.now,
    onChange: (alert) => events.emit('alert.changed', alert),
    desktop: async (notices) => {
      for (const n of notices) {
        const notice = { id: String(n.alert.id), severity: n.alert.severity, title: `Vigil: ${n.alert.summary}`, body: `${n.alert.severity} since ${new Date(n.alert.firedAt ?? n.alert.startedAt).toLocaleString()}` };
        if (options.desktopNotify) options.desktopNotify(notice);
        else events.emit('alert.notify', notice);
      }
    },
  });

  const backup = new BackupEngine({
    catalog: createBackupCatalog(db),
    config: () => config.value.backup,
    dataDir: options.dataDir,
    now: options.now,
    onProgress: (progress) => events.emit('backup.progress', progress),
    // A failed run is an alert until the next run of that source succeeds.
    onOutcome: ({ source, kind, error }) =>
      alerts.setCondition({ rule: 'backup', resource: source, severity: error ? 'ERROR' : null, summary: error ? `${kind} backup of ${source} failed: ${error}` : `${kind} backup of ${source} succeeded` }),
  });

  const monitor = new Monitor({
    config: () => config.value.monitor,
    store: options.live === false ? null : createMetricStore(db),
    // Every sample feeds the alert rules; a collector that fails is an alert of its own.
    onSample: (sample, series) => {
      events.emit('monitor.sample', sample);
      alerts.observe(series);
      reportCollectorChanges(sample.collectors);
      reportTimeToFull(sample);
    },
    // A series that turns anomalous is an alert (INFO by default) until it has been calm for a while.
    onAnomaly: (change) => {
      const condition = anomalyCondition(change, config.value.alerts.anomalies);
      if (condition) alerts.setCondition(condition);
    },
    now: options.now,
  });
  const timeToFullAlerts = new TimeToFullAlerts();
  const gpuMemoryAlerts = new GpuMemoryAlerts();
  function backupMount(sample: MonitorSample | null): string | null {
    return sample ? mountContaining(backup.destination, sample.disks.map((d) => d.mount)) : null;
  }
  function reportTimeToFull(sample: MonitorSample): void {
    for (const condition of timeToFullAlerts.evaluate(monitor.timeToFull(), config.value.alerts.timeToFull, backupMount(sample))) alerts.setCondition(condition);
    for (const condition of gpuMemoryAlerts.evaluate(monitor.gpuMemoryForecasts(), config.value.alerts.gpuMemoryFull)) alerts.setCondition(condition);
  }
  function outlook(): Outlook {
    const now = (options.now ?? Date.now)();
    const timeToFull = monitor.timeToFull();
    const mount = backupMount(monitor.latest);
    const next = Object.values(backup.nextRuns()).filter((at): at is number => at !== null);
    return {
      anomalies: monitor.recentAnomalies(now - 3_600_000).slice(0, 50),
      timeToFull,
      gpuMemory: monitor.gpuMemoryForecasts(),
      backupDestination: { path: backup.destination, mount, secondsToFull: timeToFull.find((f) => f.mount === mount)?.secondsToFull ?? null },
      nextBackupAt: next.length ? Math.min(...next) : null,
    };
  }
  events.on('config.changed', () => monitor.reconfigure());
  // Reported on the first sample (to clear alerts left open by an earlier run) and then only on change.
  const collectorStates = new Map<string, string>();
  function reportCollectorChanges(collectors: MonitorSample['collectors']): void {
    for (const [name, status] of Object.entries(collectors)) {
      const state = status.ok ? '' : (status.error ?? 'failed');
      if (collectorStates.get(name) === state) continue;
      collectorStates.set(name, state);
      alerts.setCondition({ rule: 'collector', resource: name, severity: status.ok ? null : 'ERROR', summary: status.ok ? `${name} reports again` : `collector ${name} fails: ${status.error}` });
    }
  }

  const uploads = new UploadFolder(join(options.dataDir, 'uploads'), maxUploadBytes);
  void uploads.prune(uploadLifetimeMs);
  const drift = new DriftEngine({
    runs: createDriftRunRepository(db),
    thresholds: () => config.value.drift,
    uploads,
    onProgress: (progress) => events.emit('drift.progress', progress),
    onCompleted: (report) => {
      events.emit('drift.completed', report);
      // A dataset at MODERATE or worse is an alert for that current dataset until a run says otherwise.
      const level = report.dataset.level;
      const worst = levelRank[level] >= levelRank.SEVERE_DRIFT ? 'ERROR' : levelRank[level] >= levelRank.MODERATE_DRIFT ? 'WARNING' : null;
      alerts.setCondition({
        rule: 'drift',
        resource: report.current.name,
        severity: worst,
        summary: `${report.current.name}: ${level}, ${report.dataset.driftedCount} of ${report.dataset.featureCount} features drifted`,
      });
    },
  });

  const handlers = createHandlers({
    info: () => ({
      version,
      host: options.host,
      dataDir: options.dataDir,
      configPath: config.path,
      startedAt,
      firstStartedAt,
    }),
    // Secrets never leave main: the UI sees them masked, and sends the mask back to keep them.
    config: {
      get value() {
        return redactSecrets(config.value);
      },
      update(patch) {
        const next = redactSecrets(config.update(restoreSecrets(patch, config.value)));
        events.emit('config.changed', next);
        return next;
      },
    },
    latestSample: () => monitor.latest,
    monitor: {
      history: (series, from, to, points) => monitor.history(series, from, to, points),
      seriesNames: () => monitor.seriesNames(),
      hardware: hardwareInventory,
    },
    alerts,
    backup,
    drift,
    foresight: { outlook },
  });

  const inFlight = new Set<Promise<unknown>>();
  const dispatchNow = createDispatch(handlers);
  let disposed = false;
  const dispatch: Dispatch = (method, input) => {
    if (disposed) return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'Vigil is shutting down' } });
    const call = dispatchNow(method, input);
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
    return call;
  };

  if (options.live !== false) {
    monitor.start();
    alerts.start();
    backup.start();
    void hardwareInventory().catch(() => {}); // read once at start; asked for later, it is already there
  }

  return {
    dataDir: options.dataDir,
    drift,
    monitor,
    alerts,
    backup,
    uploads,
    config,
    db,
    events,
    dispatch,
    async dispose() {
      if (disposed) return;
      disposed = true;
      monitor.stop();
      await backup.stop();
      await alerts.stop();
      await Promise.allSettled([...inFlight]);
      await drift.close();
      db.close();
    },
  };
}
