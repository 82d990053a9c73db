import { z } from 'zod';
import { BackupSource, Config } from './config';
import { Hardware, HistoryRequest, HistoryResponse, MonitorSample } from './monitor';
import { Alert, AlertTransition, Notification, Severity, Silence } from './alerts';
import { ArchiveRecord, BackupKind, SourceStatus } from './backup';
import { DatasetSource, DriftColumns, DriftProgress, DriftReport, DriftRequest, DriftRunSummary } from './drift';
import { Outlook } from './foresight';
import { DriftWatch, DriftWatchInput } from './drift-watch';
import type { DeepPartial } from './deep-partial';

/**
 * The one contract between main and every renderer: method name → input and output schemas,
 * event name → payload schema. Types are inferred from here; nothing is declared twice.
 */

const ConfigPatch = z.custom<DeepPartial<Config>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'expected an object holding the config keys to change',
);

/** A drift watch by id or name. */
const WatchRef = z.union([z.number().int(), z.string().min(1).max(80)]);

export const AppInfo = z.object({
  name: z.literal('Vigil'),
  version: z.string(),
  host: z.enum(['electron', 'server', 'cli', 'test']),
  platform: z.string(),
  hostname: z.string(),
  dataDir: z.string(),
  configPath: z.string(),
  startedAt: z.number(),
  firstStartedAt: z.number(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const methods = {
  'app.info': { input: z.void(), output: AppInfo },
  'config.get': { input: z.void(), output: Config },
  /** Deep-merges the patch into the file's own keys, validates the result, saves it atomically. */
  'config.update': { input: ConfigPatch, output: Config },
  'monitor.latest': { input: z.void(), output: MonitorSample.nullable() },
  /** Stored points for charts, from the tier that fits the range. */
  'monitor.history': { input: HistoryRequest, output: HistoryResponse },
  'monitor.series': { input: z.void(), output: z.array(z.string()) },
  'monitor.hardware': { input: z.void(), output: Hardware },
  /** The columns two datasets share and how each would be typed, before a run. */
  'drift.columns': { input: z.object({ reference: DatasetSource, current: DatasetSource }), output: DriftColumns },
  /** Runs a comparison; progress streams as `drift.progress` events tagged with `runId`. */
  'drift.run': { input: DriftRequest.extend({ runId: z.string().max(100).optional() }), output: DriftReport },
  'drift.history': { input: z.object({ limit: z.number().int().min(1).max(1000).optional() }).optional(), output: z.array(DriftRunSummary) },
  'drift.get': { input: z.object({ id: z.number().int() }), output: DriftReport },
  /** A stored run as one self-contained HTML file, to save and share. */
  'drift.report': { input: z.object({ id: z.number().int() }), output: z.object({ fileName: z.string(), html: z.string() }) },
  'alerts.open': { input: z.void(), output: z.array(Alert) },
  'alerts.history': {
    input: z
      .object({ from: z.number().optional(), to: z.number().optional(), severity: Severity.optional(), rule: z.string().optional(), resource: z.string().optional(), limit: z.number().int().min(1).max(1000).optional() })
      .optional(),
    output: z.array(z.object({ alert: Alert, transitions: z.array(AlertTransition) })),
  },
  /** Acknowledging stops escalation and repeats, until `untilMs` if given. */
  'alerts.ack': { input: z.object({ id: z.number().int(), untilMs: z.number().nullable().default(null) }), output: Alert },
  'alerts.silence': {
    input: z.object({ rule: z.string().min(1).max(200).nullable(), resource: z.string().min(1).max(200).nullable(), minutes: z.number().positive().max(525_600), comment: z.string().max(500).default('') }),
    output: Silence,
  },
  'alerts.notifications': { input: z.void(), output: z.array(Notification) },
  /** Silences not yet expired. */
  'alerts.silences': { input: z.void(), output: z.array(Silence) },
  /** Forgets a model that will not report again: its alerts resolve and its series stop. */
  'monitor.removeModel': { input: z.object({ model: z.string().min(1).max(100) }), output: z.object({ removed: z.boolean() }) },
  /** What the automatic actions did for one alert, with their output. */
  'alerts.actions': { input: z.object({ id: z.number().int() }), output: z.array(z.object({ action: z.string(), at: z.number(), ok: z.boolean(), output: z.string() })) },
  /** Sends a test notification through the outbox to one channel and reports how it went. */
  'alerts.test': { input: z.object({ channel: z.string() }), output: Notification },
  'backup.run': { input: z.object({ kind: BackupKind, source: z.string().optional() }), output: z.array(ArchiveRecord) },
  'backup.list': { input: z.void(), output: z.array(ArchiveRecord.extend({ freedIfDeleted: z.number() })) },
  'backup.status': {
    input: z.void(),
    output: z.object({
      next: z.record(BackupKind, z.number().nullable()),
      running: z.boolean(),
      destination: z.string(),
      retention: z.object({ fulls: z.number(), incrementals: z.number() }),
      /** Bytes the complete archives take on the destination, and bytes free there (null: it cannot be read). */
      usedBytes: z.number(),
      freeBytes: z.number().nullable(),
      lastRetention: z.object({ at: z.number(), remove: z.array(z.number()), freedBytes: z.number() }).nullable(),
    }),
  },
  'backup.sources': { input: z.void(), output: z.array(SourceStatus) },
  /** The host checks a folder path typed in the browser: expanded, absolute, and whether it is a folder. */
  'backup.checkFolder': { input: z.object({ path: z.string().min(1).max(4096) }), output: z.object({ path: z.string(), problem: z.string().nullable() }) },
  /** Adds a source, or replaces `previousName`; the folder must exist. */
  'backup.saveSource': { input: z.object({ previousName: z.string().optional(), source: BackupSource }), output: z.array(SourceStatus) },
  /** The desktop app's native folder dialog (null: cancelled); other hosts answer `unavailable`. */
  'backup.pickFolder': { input: z.void(), output: z.object({ path: z.string().nullable() }) },
  /** Stops backing up a source; its archives stay (restore them to another folder). */
  'backup.removeSource': { input: z.object({ name: z.string() }), output: z.array(SourceStatus) },
  'backup.files': {
    input: z.object({ id: z.number().int(), search: z.string().max(200).default(''), limit: z.number().int().min(1).max(5000).default(500) }),
    output: z.array(z.object({ path: z.string(), type: z.string(), size: z.number() })),
  },
  'backup.verify': {
    input: z.object({ id: z.number().int().optional() }).optional(),
    output: z.array(z.object({ id: z.number(), ok: z.boolean(), problem: z.string().nullable(), dependents: z.array(z.number()) })),
  },
  /** Restores an archive (whole, or `paths`) to `to`, or over its source folder when `to` is null. */
  'backup.restore': {
    input: z.object({ id: z.number().int(), to: z.string().min(1).nullable(), paths: z.array(z.string().min(1)).default([]) }),
    output: z.object({ files: z.number(), to: z.string() }),
  },
  'backup.prune': { input: z.object({ dryRun: z.boolean() }), output: z.object({ remove: z.array(z.number()), freedBytes: z.number() }) },
  /** Drift watches: checks that run on their own, with their last result and recent history. */
  'drift.watches.list': { input: z.void(), output: z.array(DriftWatch) },
  /** Adds a watch; its reference is copied into the data directory. Over the network paths must lie in drift.dataFolders. */
  'drift.watches.add': { input: DriftWatchInput, output: DriftWatch },
  /** Stops and forgets a watch (by id or name); the checks it ran stay in the drift history. */
  'drift.watches.remove': { input: z.object({ watch: WatchRef }), output: DriftWatch },
  /** Checks now (or waits for the check already running) and answers the watch with its new result or error. */
  'drift.watches.run': { input: z.object({ watch: WatchRef }), output: DriftWatch },
  /** Trouble on its way: the last hour's anomalies, time-to-full forecasts, the next backup. */
  'foresight.outlook': { input: z.void(), output: Outlook },
} as const;

export const events = {
  'monitor.sample': MonitorSample,
  'config.changed': Config,
  'drift.progress': DriftProgress,
  'drift.completed': DriftReport,
  /** A drift watch started or finished a check, or was added. */
  'drift.watch': DriftWatch,
  'alert.changed': Alert,
  'backup.progress': z.object({
    source: z.string(),
    kind: BackupKind,
    phase: z.enum(['scanning', 'archiving', 'done', 'failed']),
    detail: z.string(),
    files: z.number().optional(),
    totalFiles: z.number().optional(),
    bytes: z.number().optional(),
    totalBytes: z.number().optional(),
    bytesPerSecond: z.number().optional(),
    etaSeconds: z.number().nullable().optional(),
  }),
  /** For browsers: the desktop channel's notices, shown as Web Notifications by the UI. */
  'alert.notify': z.object({ id: z.string(), severity: Severity, title: z.string(), body: z.string() }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** The input after validation, with defaults applied: what a handler receives. */
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
