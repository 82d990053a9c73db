import type { AppInfo } from '../shared/contract';
import { EventHub } from '../shared/event-hub';
import { createDispatch, createHandlers, type Dispatch } from './api';
import { Alerts } from './alerts/alerts';
import { BackupEngine } from './backup/backup-engine';
import { createBackupCatalog } from './store/backup-catalog';
import { ConfigFile, expandHome } from './config';
import { redactSecrets, restoreSecrets } from './config-secrets';
import { createAlertsRepository } from './store/alerts-repository';
import { desktopNotice } from './alerts/desktop-notice';
import type { DesktopNotice } from '../shared/desktop';
import { levelRank } from '../shared/drift';
import { verdictLine } from '../shared/drift-verdict';
import { DriftEngine } from './drift/drift-engine';
import type { WorkerPool } from './workers/worker-pool';
import { anomalyCondition, GpuMemoryAlerts, TimeToFullAlerts } from './alerts/foresight-rules';
import {
  GpuStallsFromBefore,
  gpuRunEndedEvent,
  gpuStallClearedCondition,
  gpuStalledCondition,
  gpuStalledRule,
  modelProgressingCondition,
  modelStalledCondition,
  modelStalledRule,
  stalledGpuRun,
  stalledReportingRun,
} from './alerts/training-run-rules';
import type { GpuRunEvent } from './monitor/gpu/gpu-runs';
import { mountContaining, type Outlook } from '../shared/foresight';
import { UploadFolder } from './drift/upload-folder';
import { DriftWatches } from './drift/watch/drift-watches';
import { createDriftWatchRepository } from './store/drift-watches';
import type { MonitorSample } from '../shared/monitor';
import type { ModelLifecycleEvent } from './monitor/model-lifecycle';
import type { SystemSampler } from './monitor/system-reading';
import { hardwareInventory } from './monitor/hardware';
import { Monitor, type GpuSource } from './monitor/monitor';
import { renderVigilState } from './monitor/exposition/vigil-state';
import { createVigilStateQuery } from './store/vigil-state';
import { createMetricStore } from './store/metric-store';
import { createDriftRunRepository } from './store/drift-runs';
import { createMetaRepository } from './store/meta';
import { openStore, type Db } from './store/open';
import { join } from 'node:path';

import { version } from './version';

export interface AppOptions {
  dataDir: string;
  host: AppInfo['host'];
  /** Start the samplers and timers (false for one-shot CLI commands). */
  live?: boolean;
  /** The clock, for tests that move time. */
  now?: () => number;
  /**
   * The desktop channel's port: Electron's tray notifications; returns whether it showed one. Without
   * it, browsers get `alert.notify` events.
   */
  desktopNotify?: (notice: DesktopNotice) => boolean;
  /** better-sqlite3's binding for this runtime when it is not Node's own (the Electron host's copy). */
  sqliteBinding?: string;
  /** The system readings, for a simulated day; the machine's own when absent. */
  sampler?: SystemSampler;
  gpu?: GpuSource;
  /** How often drift watches look for due checks and changed files, and how long a change must settle (tests shorten them). */
  watchTiming?: { pollMs: number; debounceMs: number };
  /** Drift workers started ahead by the caller; the app closes them with the rest. */
  driftPool?: WorkerPool;
}

/** Largest dataset a browser may upload to the headless host. */
export const maxUploadBytes = 4 * 1024 ** 3;
const uploadLifetimeMs = 24 * 3_600_000;

export interface App {
  readonly dataDir: string;
  readonly drift: DriftEngine;
  readonly watches: DriftWatches;
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
  const db = openStore(options.dataDir, undefined, { nativeBinding: options.sqliteBinding });
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
      // The notify_desktop action reports what really happened, a notification the notifier dropped included.
      notifyDesktop: async (alert) => {
        const outcome = showOnDesktop(desktopNotice([{ kind: 'firing', alert, key: `action:${alert.id}` }]));
        if (outcome.shown) return outcome.what;
        throw new Error(outcome.what);
      },
      runDriftCheck: async (reference, current) => {
        const report = await drift.run({ reference: { path: reference }, current: { path: current }, options: {} });
        return `drift check #${report.id}: ${verdictLine(report.dataset)}`;
      },
    },
    config: () => config.value.alerts,
    dataDir: options.dataDir,
    now: options.now,
    onChange: (alert) => events.emit('alert.changed', alert),
    // One desktop notification per batch: alerts grouped within alerts.groupWaitSeconds show as one, with the count.
    desktop: async (notices) => {
      if (notices.length > 0) showOnDesktop(desktopNotice(notices));
    },
  });

  function showOnDesktop(notice: DesktopNotice): { shown: boolean; what: string } {
    if (!options.desktopNotify) {
      events.emit('alert.notify', notice);
      return { shown: true, what: 'sent to the browser UI (shown in the windows that allow notifications)' };
    }
    if (options.desktopNotify(notice)) return { shown: true, what: 'desktop notification shown' };
    return {
      shown: false,
      what:
        notice.severity === 'CRITICAL'
          ? 'no desktop notification: this desktop cannot show notifications'
          : `no desktop notification: the desktop shows CRITICAL alerts only, and this one is ${notice.severity}`,
    };
  }

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

  const vigilState = createVigilStateQuery(db);
  // What a GPU process did lives in memory: the stall alerts an earlier Vigil left open are settled by the first readings.
  const gpuStallsFromBefore = new GpuStallsFromBefore(alerts.open().filter((a) => a.rule === gpuStalledRule && a.resource !== null).map((a) => a.resource!));
  const monitor = new Monitor({
    config: () => config.value.monitor,
    store: options.live === false ? null : createMetricStore(db),
    // Every sample feeds the alert rules; a collector that fails is an alert of its own.
    publish: (sample) => events.emit('monitor.sample', sample),
    watched: () => events.has('monitor.sample'),
    onSample: (sample, series) => {
      alerts.observe(series);
      alerts.takeUpQueuedElsewhere();
      reportCollectorChanges(sample.collectors);
      reportTimeToFull(sample);
      if (gpuStallsFromBefore.size > 0 && (sample.gpu.state === 'ok' || sample.gpu.state === 'absent')) {
        for (const condition of gpuStallsFromBefore.settle(monitor.gpuProcesses())) alerts.setCondition(condition);
      }
    },
    // A series that turns anomalous is an alert (INFO by default) until it has been calm for a while.
    onAnomaly: (change) => {
      const condition = anomalyCondition(change, config.value.alerts.anomalies);
      if (condition) alerts.setCondition(condition);
    },
    now: options.now,
    sampler: options.sampler,
    gpu: options.gpu,
    onModelEvent: (event) => reportModelEvent(event),
    onGpuRun: (event) => reportGpuRun(event),
    onModelCap: (refusal) =>
      alerts.setCondition({
        rule: 'ingest-cap',
        resource: 'ingest',
        severity: refusal === null ? null : 'WARNING',
        summary: refusal ?? 'ingest has room for new models again',
      }),
    appMetrics: () => renderVigilState(vigilState()),
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
      watches: watches.outlook(),
      stalledRuns: [
        ...monitor.gpuProcesses().filter((r) => r.stalled).map(stalledGpuRun),
        ...monitor.runProgress().filter((r) => r.stalled).map((r) => stalledReportingRun(r, now, isQuiet(r.lastSeenAt, now))),
      ].sort((a, b) => a.since - b.since),
    };
  }
  // A GPU process on idle GPUs is a WARNING until it works again or exits; its exit is an INFO event.
  function reportGpuRun(event: GpuRunEvent): void {
    if (event.type === 'stalled') alerts.setCondition(gpuStalledCondition(event.run, event.at, config.value.monitor.gpu.stalledUtilizationPercent));
    else if (event.type === 'cleared') alerts.setCondition(gpuStallClearedCondition(event.run, event.reason));
    else alerts.event(gpuRunEndedEvent(event.run));
  }
  events.on('config.changed', () => monitor.reconfigure());
  function isQuiet(lastSeenAt: number, at: number): boolean {
    return at - lastSeenAt > config.value.monitor.modelQuietSeconds * 1000;
  }
  // A run that ends is an event; a service that stops is one model-down alert until it reports again or is removed.
  function reportModelEvent(event: ModelLifecycleEvent): void {
    const { model } = event;
    if (event.type === 'run-stalled') {
      alerts.setCondition(modelStalledCondition(event, event.at, isQuiet(event.lastSeenAt, event.at)));
    } else if (event.type === 'run-progressing') {
      alerts.setCondition(modelProgressingCondition(event));
    } else if (event.type === 'run-finished') {
      alerts.resolveModel(model, 'the run finished');
      alerts.event({ rule: 'run-finished', resource: model, summary: `run ${model} finished after ${formatDuration(event.lastSeenAt - event.firstSeenAt)} (last report ${new Date(event.lastSeenAt).toISOString()})` });
    } else if (event.type === 'service-down') {
      const scrapeError = monitor.latest?.collectors[`scrape:${model}`]?.error;
      alerts.setCondition({ rule: 'model-down', resource: model, severity: 'ERROR', summary: `${model} stopped reporting (last report ${new Date(event.lastSeenAt).toISOString()})${scrapeError ? `: ${scrapeError}` : ''}` });
    } else if (event.type === 'service-back') {
      alerts.setCondition({ rule: 'model-down', resource: model, severity: null, summary: `${model} reports again` });
    } else {
      alerts.resolveModel(model, 'the model was removed');
    }
  }
  // Reported on the first sample (to clear alerts left open by an earlier run) and then only on change.
  const collectorStates = new Map<string, string>();
  function reportCollectorChanges(collectors: MonitorSample['collectors']): void {
    for (const [name, status] of Object.entries(collectors)) {
      if (name.startsWith('scrape:')) continue; // a scrape target that fails is its model's model-down alert
      const state = status.ok ? '' : (status.error ?? 'failed');
      if (collectorStates.get(name) === state) continue;
      collectorStates.set(name, state);
      alerts.setCondition({ rule: 'collector', resource: name, severity: status.ok ? null : 'ERROR', summary: status.ok ? `${name} reports again` : `collector ${name} fails: ${status.error}` });
    }
  }

  const uploads = new UploadFolder(join(options.dataDir, 'uploads'), maxUploadBytes);
  void uploads.prune(uploadLifetimeMs);
  const driftRuns = createDriftRunRepository(db);
  const drift = new DriftEngine({
    pool: options.driftPool,
    runs: driftRuns,
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
        // A watch reads other files on each check: its alert follows the watch, not the file.
        resource: report.watch ? `watch:${report.watch.name}` : report.current.name,
        severity: worst,
        summary: `${report.current.name}: ${verdictLine(report.dataset)}`,
      });
    },
  });

  const watchRepository = createDriftWatchRepository(db);
  const watches = new DriftWatches({
    watches: watchRepository,
    history: (id, limit) => driftRuns.ofWatch(id, limit),
    check: (request) => drift.runFiles(request),
    resolveUpload: (id) => uploads.resolve(id),
    networkFolders: () => config.value.drift.dataFolders.map(expandHome),
    referencesDir: join(options.dataDir, 'drift-watches'),
    onChange: (watch) => events.emit('drift.watch', watch),
    now: options.now,
    ...options.watchTiming,
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
      // After a restart the model may be unknown to the monitor while its alerts are still open.
      removeModel: (model) => monitor.removeModel(model) || alerts.resolveModel(model, 'the model was removed') > 0,
    },
    alerts,
    backup,
    drift,
    foresight: { outlook },
    watches: {
      list: () => watches.list(),
      add: (input) => watches.add(input),
      runNow: (watch) => watches.runNow(watch),
      // A removed watch's drift alert has nobody left to resolve it.
      remove: async (watch) => {
        const removed = await watches.remove(watch);
        alerts.setCondition({ rule: 'drift', resource: `watch:${removed.name}`, severity: null, summary: `drift watch ${removed.name} was removed` });
        return removed;
      },
    },
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

  // The model lifecycle lives in memory: models with alerts left open by an earlier Vigil are taken up
  // again, a down service (its next report brings it back) before its other alerts (a run seen now).
  const openModelAlerts = alerts.open().filter((a) => a.rule.startsWith('model-') && a.resource !== null);
  const resumedAt = (options.now ?? Date.now)();
  for (const a of openModelAlerts) if (a.rule === 'model-down') monitor.resumeModel(a.resource!, a.firedAt ?? a.startedAt, true);
  for (const a of openModelAlerts) monitor.resumeModel(a.resource!, resumedAt, false, openModelAlerts.some((b) => b.resource === a.resource && b.rule === modelStalledRule));

  if (options.live !== false) {
    monitor.start();
    alerts.start();
    backup.start();
    watches.start();
    void hardwareInventory().catch(() => {}); // read once at start; asked for later, it is already there
  }

  return {
    dataDir: options.dataDir,
    drift,
    watches,
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
      await watches.stop();
      await backup.stop();
      await alerts.stop();
      await Promise.allSettled([...inFlight]);
      await drift.close();
      db.close();
    },
  };
}

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 1 ? `${Math.round(ms / 1000)} s` : minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}
