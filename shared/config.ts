import { z } from 'zod';

/**
 * The schema of `<data-dir>/config.json`. Every field has a default, so a file holding only the
 * keys a user changes is valid. Nested objects use `prefault({})` so their own defaults apply.
 * Unknown keys are rejected: a typo must not silently fall back to a default.
 */

const severityPair = (warning: number, critical: number) =>
  z.strictObject({
    warning: z.number().default(warning),
    critical: z.number().default(critical),
  });

const levelTriple = (mild: number, moderate: number, severe: number) =>
  z.strictObject({
    mild: z.number().min(0).default(mild),
    moderate: z.number().min(0).default(moderate),
    severe: z.number().min(0).default(severe),
  });

export const ScrapeTarget = z.strictObject({
  /** The model these metrics describe. */
  model: z.string().regex(/^[\w.:/-]{1,100}$/),
  url: z.url({ protocol: /^https?$/ }),
  intervalSeconds: z.number().min(1).max(3600).default(15),
  timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  bearerToken: z.string().optional(),
  /** Counter of predictions (requests); its rate is predictions per second. */
  predictions: z.string().default('requests_total'),
  /** Counter of failed predictions. */
  errors: z.string().default('request_errors_total'),
  /** Histogram of latency in seconds (the name before _bucket). */
  latency: z.string().default('request_duration_seconds'),
});

export const MonitorConfig = z.strictObject({
  intervalMs: z.number().int().min(100).max(60_000).default(1000),
  processesIntervalMs: z.number().int().min(1000).max(600_000).default(5000),
  gpu: z
    .strictObject({
      enabled: z.boolean().default(true),
      nvidiaSmi: z.string().min(1).default('nvidia-smi'),
      processesIntervalMs: z.number().int().min(1000).default(10_000),
      /** A process holding GPU memory while its GPU stays under this utilisation (percent)… */
      stalledUtilizationPercent: z.number().min(0).max(100).default(5),
      /** …for this long is a training run that may be stalled. */
      stalledMinutes: z.number().positive().max(1440).default(10),
    })
    .prefault({}),
  /** Port of the ingest endpoint in the desktop app (the headless host serves ingest on its own port). */
  ingestPort: z.number().int().min(0).max(65_535).default(7178),
  scrape: z.array(ScrapeTarget).default([]),
  /** A model that sent nothing for this long has ended (a run) or is down (a service that gave no expected interval). */
  modelQuietSeconds: z.number().min(1).max(86_400).default(120),
  /** A run that reports a `step` gauge is stalled when its step has not advanced for this long (reporting or not). */
  runStalledMinutes: z.number().positive().max(1440).default(10),
  /** Bounds on ingested model metrics, so state stays bounded whatever reports to Vigil. */
  models: z
    .strictObject({
      /** Distinct models tracked; records for a new model beyond it are refused (and an alert says so). */
      maxModels: z.number().int().min(1).max(100_000).default(1000),
      /** Distinct gauge names per model (each is a stored series). */
      maxGaugesPerModel: z.number().int().min(0).max(1000).default(50),
      /** A model silent for this long is forgotten and frees its place. */
      forgetAfterHours: z.number().positive().default(24),
    })
    .prefault({}),
  /** Anomaly detection on every stored series: steps of this many seconds, flagged at this robust z-score. */
  anomaly: z
    .strictObject({
      enabled: z.boolean().default(true),
      stepSeconds: z.number().int().min(1).max(600).default(10),
      threshold: z.number().min(3).max(100).default(6),
      /** Series scored at most (about 10 KB each); system series come first, then models as they report. */
      maxSeries: z.number().int().min(0).max(100_000).default(2000),
    })
    .prefault({}),
  retention: z
    .strictObject({
      rawHours: z.number().positive().default(24),
      minuteDays: z.number().positive().default(30),
      hourDays: z.number().positive().default(365),
    })
    .prefault({}),
});

export const DriftConfig = z.strictObject({
  minSamples: z.number().int().min(1).default(100),
  pValue: levelTriple(0.05, 0.01, 0.001).prefault({}),
  effect: levelTriple(0.1, 0.2, 0.3).prefault({}),
  psi: levelTriple(0.1, 0.2, 0.25).prefault({}),
  missingShareChange: z.number().min(0).max(1).default(0.05),
  datasetDriftShare: z.number().min(0).max(1).default(0.5),
  referenceDays: z.number().positive().default(30),
  detectionDays: z.number().positive().default(7),
  chunkHours: z.number().positive().default(24),
  maxResults: z.number().int().positive().default(10_000),
  /** Folders whose datasets the browser UI may compare by path; set in config.json or the desktop app only. */
  dataFolders: z.array(z.string().min(1)).default([]),
});

const channelBase = {
  name: z.string().regex(/^[\w-]{1,40}$/, 'letters, digits, "_" and "-"'),
  /** Send a notice when an alert resolves. */
  sendResolved: z.boolean().default(true),
  /** Receives escalations of unacknowledged CRITICAL alerts. */
  escalation: z.boolean().default(false),
  /** Lowest severity this channel hears about. */
  minSeverity: z.enum(['INFO', 'WARNING', 'ERROR', 'CRITICAL']).default('WARNING'),
};

export const Channel = z.discriminatedUnion('type', [
  z.strictObject({ ...channelBase, type: z.literal('log'), maxBytes: z.number().int().min(4096).default(10 * 1024 * 1024), minSeverity: channelBase.minSeverity.removeDefault().default('INFO') }),
  z.strictObject({ ...channelBase, type: z.literal('console') }),
  z.strictObject({
    ...channelBase,
    type: z.literal('desktop'),
    minSeverity: channelBase.minSeverity.removeDefault().default('CRITICAL'),
    sendResolved: channelBase.sendResolved.removeDefault().default(false),
  }),
  z.strictObject({
    ...channelBase,
    type: z.literal('email'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    secure: z.boolean().default(false),
    user: z.string().optional(),
    pass: z.string().optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  }),
  z.strictObject({
    ...channelBase,
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/ }),
    format: z.enum(['generic', 'slack', 'discord']).default('generic'),
    headers: z.record(z.string(), z.string()).default({}),
  }),
  z.strictObject({ ...channelBase, type: z.literal('alertmanager'), url: z.url({ protocol: /^https?$/ }) }),
]);
export type Channel = z.infer<typeof Channel>;

export const AlertsConfig = z.strictObject({
  thresholds: z
    .strictObject({
      cpuPercent: severityPair(80, 95).prefault({}),
      memoryPercent: severityPair(85, 95).prefault({}),
      diskPercent: severityPair(90, 95).prefault({}),
      modelLatencyMs: severityPair(1000, 5000).prefault({}),
      errorRatePercent: severityPair(5, 15).prefault({}),
      gpuTemperatureC: severityPair(83, 90).prefault({}),
    })
    .prefault({}),
  /** How long a resource condition must hold before it fires. Model rules fire at once. */
  forSeconds: z
    .strictObject({
      cpu: z.number().min(0).default(600),
      memory: z.number().min(0).default(60),
      disk: z.number().min(0).default(60),
      gpu: z.number().min(0).default(60),
    })
    .prefault({}),
  /** Points below the threshold a value must fall before an alert clears, so it does not flap. */
  hysteresisPercent: z.number().min(0).default(5),
  escalation: z
    .strictObject({
      criticalAfterMinutes: z.number().min(0).default(5),
      warningAfterMinutes: z.number().min(0).default(5),
    })
    .prefault({}),
  /** Notify again while an alert stays open, per severity. */
  repeatMinutes: z
    .strictObject({
      CRITICAL: z.number().positive().default(60),
      ERROR: z.number().positive().default(240),
      WARNING: z.number().positive().default(1440),
    })
    .prefault({}),
  /** Notifications for one channel queued within this many seconds of the first go out together, as one message. */
  groupWaitSeconds: z.number().min(0).max(600).default(10),
  /** A collector silent for this long raises a "no data" alert. */
  noDataSeconds: z.number().positive().default(60),
  channels: z.array(Channel).default([
    { name: 'log', type: 'log', sendResolved: true, escalation: false, minSeverity: 'INFO', maxBytes: 10 * 1024 * 1024 },
    { name: 'desktop', type: 'desktop', sendResolved: false, escalation: false, minSeverity: 'CRITICAL' },
  ]),
  /** Anomalies are alerts of this severity ("off": none), per metric family (`cpu.core`, `disk.read_bps`) or else `severity`. */
  anomalies: z
    .strictObject({
      severity: z.enum(['off', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']).default('INFO'),
      metrics: z.record(z.string(), z.enum(['off', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'])).default({}),
    })
    .prefault({}),
  /** A filesystem forecast to be full within these hours raises a warning, then a critical alert. */
  timeToFull: z
    .strictObject({
      warningHours: z.number().positive().default(24),
      criticalHours: z.number().positive().default(2),
    })
    .prefault({}),
  /** A GPU whose memory is forecast to be full within these minutes raises a warning, then a critical alert. */
  gpuMemoryFull: z
    .strictObject({
      warningMinutes: z.number().positive().default(60),
      criticalMinutes: z.number().positive().default(10),
    })
    .prefault({}),
  cacheFolders: z.array(z.string().min(1)).default([]),
  actions: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[\w-]{1,40}$/),
        action: z.enum(['log_critical', 'log_error', 'log_warning', 'notify_desktop', 'escalate_to_admin', 'attempt_recovery', 'restart_service', 'clear_cache', 'trigger_backup', 'run_drift_check', 'command']),
        /** Which alerts: a rule id (any when absent), from a severity up, on firing or on resolving. */
        when: z
          .strictObject({
            rule: z.string().optional(),
            minSeverity: z.enum(['INFO', 'WARNING', 'ERROR', 'CRITICAL']).default('WARNING'),
            state: z.enum(['firing', 'resolved']).default('firing'),
          })
          .prefault({}),
        /** For command, attempt_recovery and restart_service: a program and its arguments, run without a shell. */
        command: z.array(z.string().min(1)).min(1).optional(),
        timeoutSeconds: z.number().positive().max(3600).default(60),
        /** For clear_cache: a folder inside one of cacheFolders (all of them when absent). */
        path: z.string().optional(),
        /** For run_drift_check: the two datasets. */
        reference: z.string().optional(),
        current: z.string().optional(),
        cooldownMinutes: z.number().min(0).default(10),
      }),
    )
    .default([]),
});

export const BackupSource = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only'),
  path: z.string().min(1),
  exclude: z.array(z.string()).default([]),
});

export const BackupConfig = z.strictObject({
  sources: z.array(BackupSource).default([
    { name: 'models', path: '~/models', exclude: [] },
    { name: 'data', path: '~/data', exclude: [] },
    { name: 'config', path: '~/configs', exclude: [] },
  ]),
  /** null means `<data-dir>/backups`. */
  destination: z.string().min(1).nullable().default(null),
  /** Folders the browser may restore into besides a source's own folder (config file or desktop app only). */
  restoreFolders: z.array(z.string().min(1)).default([]),
  gzipLevel: z.number().int().min(1).max(9).default(6),
  schedule: z
    .strictObject({
      fullEveryHours: z.number().positive().nullable().default(24),
      incrementalEveryHours: z.number().positive().nullable().default(6),
      differentialEveryHours: z.number().positive().nullable().default(null),
    })
    .prefault({}),
  retention: z
    .strictObject({
      fulls: z.number().int().min(1).default(7),
      incrementals: z.number().int().min(0).default(30),
    })
    .prefault({}),
});

export const ServerConfig = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(7177),
});

export const DesktopConfig = z.strictObject({
  closeToTray: z.boolean().default(true),
  startWithSession: z.boolean().default(false),
  startMinimized: z.boolean().default(false),
});

export const Config = z.strictObject({
  monitor: MonitorConfig.prefault({}),
  drift: DriftConfig.prefault({}),
  alerts: AlertsConfig.prefault({}),
  backup: BackupConfig.prefault({}),
  server: ServerConfig.prefault({}),
  desktop: DesktopConfig.prefault({}),
});
export type Config = z.infer<typeof Config>;

/** A config with every default filled in. */
export function defaultConfig(): Config {
  return Config.parse({});
}

/** One line per problem, each naming the field: `backup.gzipLevel: Too big: expected number to be <=9`. */
export function describeConfigIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('\n');
}
